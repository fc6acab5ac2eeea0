#pragma once
// SessionRegistry: the API users of the simulated domain and their Supervisor sessions.
//
// Five9 knows callers only by HTTP Basic credentials, so a "session" belongs to a user:
//  - setSessionParameters opens it (or replaces it: a new session id, and every call still in
//    flight from the old one is stopped and answered SessionClosedFault);
//  - a user's calls are served one at a time: a second concurrent call is denied with
//    kConcurrentCallFault (setSessionParameters excepted: it preempts, as above);
//  - calls needing a session before any setSessionParameters => SessionNotInitializedFault;
//    after closeSession likewise; after an idle timeout, a replacement or a control-API close
//    => SessionClosedFault until the next setSessionParameters;
//  - timestamps (getStatistics timestamp, getStatisticsUpdate lastTimestamp) are issued to a
//    session per statistic type; others => UnknownTimestampFault.
//
// Owns all user/session state. Thread-safe (one internal mutex; never calls out under it).

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

// The fault Five9 answers a concurrent request of the same user with. The guide says only
// "your requests are denied, and you receive an exception"; we pick the WSDL fault whose
// description fits ("already being modified by another client"). Documented in docs/simulator.md.
inline constexpr std::string_view kConcurrentCallFault = "ConcurrentModificationFault";

// An API user of the simulated domain. `password` is a secret: never log it.
struct UserAccount {
  std::string name;
  std::string password;
  int64_t user_id = 0;  // wsRoledId.userId; 0 = assigned by the registry
};

// A read-only view for the control API.
struct SessionView {
  std::string user;
  std::string state;  // "none", "open", "closed"
  std::string closed_reason;
  uint64_t session_id = 0;
  int in_flight = 0;
  int64_t idle_ms = 0;
  std::optional<five9exp::ViewSettings> settings;
  std::map<std::string, int64_t> calls;  // per method
};

class SessionRegistry {
 public:
  // `idle_scale` multiplies every idleTimeOut (tests shrink 60 s to well under a second).
  SessionRegistry(std::vector<UserAccount> users, five9exp::Clock& clock, double idle_scale = 1.0);

  // Constant-time comparison of the password; false for unknown users.
  bool Authenticate(std::string_view user, std::string_view password) const;
  std::optional<UserAccount> FindUser(std::string_view user) const;
  std::vector<UserAccount> Users() const;

  // One admitted call. Destroying it (or End) marks the user idle again.
  class Call {
   public:
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    // Stopped when the session is replaced or closed, or the server stops.
    std::stop_token stop_token() const { return stop_.get_token(); }
    const std::string& user() const { return user_; }
    // The session this call runs in (0 = none at admission).
    uint64_t session_id() const { return session_id_; }

   private:
    friend class SessionRegistry;
    Call(SessionRegistry* registry, std::string user, uint64_t session_id, uint64_t call_id)
        : registry_(registry), user_(std::move(user)), session_id_(session_id), call_id_(call_id) {}
    SessionRegistry* registry_;
    std::string user_;
    uint64_t session_id_;
    uint64_t call_id_;
    std::stop_source stop_;
  };

  // Admits a call of `method` (counts it per method). Denies a concurrent call with
  // kConcurrentCallFault. setSessionParameters is always admitted and preempts calls in flight.
  ModelResult<std::unique_ptr<Call>> Begin(std::string_view user, std::string_view method);

  // The session check for methods that need one: SessionNotInitializedFault or
  // SessionClosedFault (also when the call's session was replaced or closed meanwhile).
  ModelResult<void> RequireSession(const Call& call) const;

  // setSessionParameters: opens a new session (replacing any) for the call's user.
  void OpenSession(Call& call, const five9exp::ViewSettings& settings);
  std::optional<five9exp::ViewSettings> Settings(const Call& call) const;
  // closeSession by the client: back to "no session" (SessionNotInitializedFault next).
  void CloseSession(const Call& call);
  // Control API / idle: closes the user's session; its next call gets SessionClosedFault and
  // any call in flight is stopped. False for unknown users or users without a session.
  bool ForceClose(std::string_view user, std::string reason);

  // Timestamps issued to the call's session for `type`.
  void IssueTimestamp(const Call& call, five9exp::StatisticType type, int64_t timestamp);
  // StatisticsNotRequestedFault before any getStatistics of `type` in this session;
  // UnknownTimestampFault for a timestamp not issued to it.
  ModelResult<void> CheckTimestamp(const Call& call, five9exp::StatisticType type,
                                   int64_t timestamp) const;

  // The column filter of the session's last getStatistics of `type` (empty = all).
  void SetColumns(const Call& call, five9exp::StatisticType type, std::vector<std::string> columns);
  std::vector<std::string> Columns(const Call& call, five9exp::StatisticType type) const;

  // Users with an open session (getLoggedInUsers, getUserLimits).
  std::vector<std::string> OpenSessionUsers() const;
  std::vector<SessionView> Views() const;
  // Stops every call in flight (server shutdown).
  void StopAll();

 private:
  struct Session {
    uint64_t id = 0;
    five9exp::ViewSettings settings;
    // Issued timestamps per type, oldest first (bounded).
    std::map<five9exp::StatisticType, std::deque<int64_t>> timestamps;
    std::map<five9exp::StatisticType, std::vector<std::string>> columns;
  };
  struct UserState {
    UserAccount account;
    std::optional<Session> session;
    bool closed = false;  // SessionClosedFault until the next setSessionParameters
    std::string closed_reason;
    five9exp::SteadyTime last_activity{};
    std::map<uint64_t, std::stop_source> in_flight;  // call id -> its stop source
    std::map<std::string, int64_t> calls;
  };

  void End(const Call& call);
  // Closes an idle session. Requires mutex_.
  void ExpireIdleLocked(UserState& state, five9exp::SteadyTime now) const;
  static ModelResult<void> SessionCheckLocked(const UserState& state, uint64_t session_id);

  five9exp::Clock& clock_;
  const double idle_scale_;

  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  std::map<std::string, UserState, std::less<>> users_;
  uint64_t next_session_id_ = 1;
  uint64_t next_call_id_ = 1;
  bool stopping_ = false;
};

}  // namespace five9sim
