#pragma once
// DomainPoller: the one thread that talks to Five9 for one domain.
//
// Owns the domain's SupervisorClient (one session), its StatisticTables, ApiBudget and
// Scheduler. Every Five9 call goes through its single queue, one at a time, as Five9
// requires per user: admin calls (AdminCallRunner) go ahead of polling and wake the
// thread; polling follows the Scheduler's decisions, paced by the budget. After every
// change it publishes an immutable DomainSnapshot to the SnapshotStore, so scrapes never
// wait for Five9.
//
// Faults (FIELD-NOTES "Fault to action", classified by five9/fault.h ActionFor):
//   SessionClosed/SessionNotInitialized -> new session, full reload of every type (paced);
//   UnknownTimestamp/StatisticsNotRequested/ConfigurationChanged -> full reload of the type;
//   UnknownColumn -> drop the type's column filter and reload;
//   OperationsLimitExceeded -> the operation pauses until its window frees (counters
//     refreshed right away);
//   UserLimitReached/InvalidAccount/AccessDisallowed -> long backoff;
//   transport errors, timeouts, 5xx, ServiceUnavailable -> exponential backoff with jitter.
// A table in doubt keeps its last good rows, flagged consistent=false, until reloaded.
//
// Every call is reported to PollerHooks::on_call (method, outcome, duration); main wires
// that to the metrics, so the client's own ClientOptions::observer should stay unset.
//
// Thread-safety: RunAdminCall, chat() and Stop() are thread-safe; Start() and Stop() are
// called by the owner (main). All other state belongs to the poller thread. The client,
// clock and store are used only from that thread (the clock's Wake() never: an admin
// call wakes only its own poller, see SleepUntilWoken); clock and
// store must outlive the poller.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/config/config.h"
#include "exporter/five9/client.h"
#include "exporter/statistics/admin_call_runner.h"
#include "exporter/statistics/budget.h"
#include "exporter/statistics/chat_buffer.h"
#include "exporter/statistics/checkpoint.h"
#include "exporter/statistics/scheduler.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/statistics/table.h"

namespace five9exp {

// Callbacks for metrics, so statistics does not depend on the metrics module. Called on
// the poller thread; must not block.
struct PollerHooks {
  CallObserver on_call;  // every Five9 call: method, "ok" or Error::Label(), duration
  // A full load of `type` succeeded. Reasons: "startup", "session", "time_zone",
  // "unknown_timestamp", "statistics_not_requested", "configuration_changed", "unknown_column",
  // "inconsistent".
  std::function<void(StatisticType, std::string_view reason)> on_full_reload;
  // The fence (high availability): asked before every Five9 call, closeSession included;
  // while it answers false the poller makes no call and admin calls fail with kNotReady.
  // Empty = always allowed. Called on the poller thread; must be cheap.
  std::function<bool()> may_call;
  // The number of admin calls waiting for their turn changed (five9_exporter_admin_queue);
  // also called once by Start() with 0. Called on the thread that changed it (a web worker
  // or the poller), one call at a time, so the last call carries the current length; must
  // not call back into the poller. May be empty.
  std::function<void(size_t queued)> on_admin_queue;
  // A restored session (Restore) turned out to be gone before it served a poll: Five9
  // answered a session fault, or a timestamp fault for a restored type. At most once per
  // Restore. (five9_exporter_state_restores_total{outcome="session_gone"}.)
  std::function<void()> on_resume_failed;
  // Five9 closed our session because another client opened one with the same API user
  // (SessionClosedFault). (five9_exporter_session_takeovers_total.)
  std::function<void()> on_session_takeover;
};

// Takeovers within this window, this many times, pause re-opening for takeover_backoff.
inline constexpr std::chrono::minutes kTakeoverWindow{30};
inline constexpr size_t kTakeoversBeforeBackoff = 3;

// closeSession at shutdown waits at most this long (a terminationGracePeriod is 30 s).
inline constexpr std::chrono::seconds kCloseSessionTimeout{5};

// How Stop() leaves the Five9 session.
enum class StopMode {
  kCloseSession,  // closeSession: frees the API user for the next process
  kHandOver,      // keep it open: the next process resumes it from the checkpoint
};

class DomainPoller final : public AdminCallRunner {
 public:
  // Does not start the thread (see Start()). `client` is owned from here on.
  DomainPoller(const DomainConfig& config, std::unique_ptr<SupervisorClient> client, Clock& clock,
               SnapshotStore& store, PollerHooks hooks = {});
  // Stops (see Stop()).
  ~DomainPoller() override;
  DomainPoller(const DomainPoller&) = delete;
  DomainPoller& operator=(const DomainPoller&) = delete;

  // Before Start() only: resumes from a checkpoint already accepted for this domain
  // (AcceptCheckpoint): its tables are served at once, polling goes on from the stored
  // timestamps on the session the checkpoint's process left open (no setSessionParameters,
  // no getStatistics), and its QueryStatistics call times count against the budget. A type
  // the checkpoint lacks (or holds in doubt) loads in full as at a cold start. Publishes
  // the restored snapshot.
  void Restore(const DomainCheckpoint& checkpoint);
  // Before Start() only: our previous processes' QueryStatistics call times (from a
  // checkpoint, also one that cannot be resumed) count against every QueryStatistics
  // window, so no restart, nor a crash loop of them, spends more than budget_share.
  // Restore does this itself.
  void CountPreviousCalls(const std::vector<WallTime>& query_statistics_calls);
  // Publishes the initial snapshot ("connecting", or the restored tables) and starts the
  // session thread.
  void Start();
  // Cancels the in-flight call, fails queued admin calls with kCancelled, closes the
  // session (closeSession; not with kHandOver), joins the thread and publishes
  // session_state "closed". Idempotent (the first call's mode wins).
  void Stop(StopMode mode = StopMode::kCloseSession);
  // The first half of Stop without waiting: the thread winds down (closeSession included)
  // while the caller stops other domains; Stop() then joins. Shutdown stops every domain in
  // parallel so a Five9 that hangs in one cannot hold up the others.
  void RequestStop(StopMode mode = StopMode::kCloseSession);

  Result<void> RunAdminCall(std::string_view method,
                            std::function<Result<void>(SupervisorClient&)> call,
                            std::chrono::milliseconds queue_timeout) override;

  // Messages of the background receiveMessages loop (DomainConfig::chat_receive).
  ChatBuffer& chat() { return chat_; }
  const std::string& domain() const { return config_.name; }
  // Admin calls waiting for their turn (status page, tests). Thread-safe.
  size_t queued_admin_calls();

 private:
  struct AdminJob {
    std::string method;
    std::function<Result<void>(SupervisorClient&)> call;
    // Below guarded by DomainPoller::mutex_.
    bool started = false;
    bool done = false;
    Result<void> result;
  };

  // What a failed call does to the poller's state.
  enum class OnError {
    kApplyFaultTable,  // HandleError (the header's fault-to-action table)
    kCallerDecides,    // the caller judges the error itself
  };
  struct CallContext {
    std::optional<StatisticType> type;  // the statistic type the call reads, if any
    bool from_admin = false;            // an admin call: polling state stays as it is
    OnError on_error = OnError::kApplyFaultTable;
  };
  // The one path of every Five9 call: record it against the budget (the operation type is
  // five9/types' OperationTypeOf(method)), make it with `invoke`, report it to
  // PollerHooks::on_call and, on failure, apply the fault table. Returns invoke's Result.
  template <typename Invoke>
  auto CallFive9(std::string_view method, CallContext context, Invoke&& invoke);

  void Run(std::stop_token stop);
  // Sleeps on the clock until `until`, `stop`, or an admin call is queued: this poller's
  // own wake signal (the clock's Wake() would wake every domain). Registering under mutex_
  // before re-checking the queue leaves no window in which a queued call is missed.
  void SleepUntilWoken(SteadyTime until, std::stop_token stop);
  // Runs queued admin calls; returns true when it ran at least one.
  bool RunAdminQueue(std::stop_token stop);
  void Execute(const Action& action, std::stop_token stop);
  // One step per Action kind; each calls Five9 as action.Method() through CallFive9.
  void NewSession(const Action& action, std::stop_token stop);
  void RefreshCounters(const Action& action, std::stop_token stop);
  void FullLoad(const Action& action, std::stop_token stop);
  void DeltaPoll(const Action& action, std::stop_token stop);
  void ReceiveMessages(const Action& action, std::stop_token stop);
  // Applies the fault-to-action table. `type` is the statistic type of the call, if any.
  void HandleError(std::string_view method, const Error& error, std::optional<StatisticType> type,
                   bool from_admin = false);
  void RecordFault(std::string_view method, const Error& error);
  void Observe(std::string_view method, const Error* error,
               std::chrono::steady_clock::time_point started);
  void SetSession(bool up);
  // QueryStatistics calls: remembers the wall time (checkpoints carry the last 24 h).
  void RememberQueryStatisticsCall(WallTime when);
  // The restored session proved gone (see PollerHooks::on_resume_failed).
  void ResumeFailed();
  // SessionClosedFault on a session we used: counted; the third within kTakeoverWindow
  // pauses re-opening for takeover_backoff.
  void SessionTakenOver(SteadyTime now);
  bool MayCall() const { return !hooks_.may_call || hooks_.may_call(); }
  void Publish();
  void FailQueuedAdminCalls();
  // Hands the queue's current length to PollerHooks::on_admin_queue. Call without mutex_.
  void ReportAdminQueue();

  const DomainConfig config_;
  std::unique_ptr<SupervisorClient> client_;
  Clock& clock_;
  SnapshotStore& store_;
  const PollerHooks hooks_;
  ChatBuffer chat_;

  // State below is owned by the poller thread (and by Start/Stop before/after it runs).
  ApiBudget budget_;
  Scheduler scheduler_;
  std::map<StatisticType, StatisticTable> tables_;             // enabled types
  std::map<StatisticType, std::vector<std::string>> columns_;  // request filter; empty = all
  std::vector<LimitTimeoutState> limits_;
  std::optional<UserLimits> user_limits_;
  std::deque<FaultRecord> recent_faults_;
  int64_t chat_timestamp_ = 0;
  bool up_ = false;
  bool closed_ = false;
  uint64_t version_ = 0;
  std::string published_state_;  // session_state of the last published snapshot
  // Our QueryStatistics call times of the last kCallHistory, ascending; replaced (not
  // changed) on each call, so published snapshots share it.
  std::shared_ptr<const std::vector<WallTime>> query_statistics_calls_;
  bool resume_pending_ = false;       // Restore ran and no delta poll confirmed or refuted it yet
  std::deque<SteadyTime> takeovers_;  // within kTakeoverWindow, oldest first

  std::atomic<bool> session_up_{false};  // read by RunAdminCall on other threads

  std::mutex mutex_;
  std::condition_variable cv_;
  // State below is protected by mutex_.
  std::deque<std::shared_ptr<AdminJob>> admin_queue_;
  std::stop_source* wake_ = nullptr;  // the poller's sleep in progress, if any
  bool stopping_ = false;
  StopMode stop_mode_ = StopMode::kCloseSession;

  // Serialises ReportAdminQueue (taken before mutex_, never while holding it).
  std::mutex report_mutex_;

  std::jthread thread_;  // last: joins before the members above are destroyed
};

}  // namespace five9exp
