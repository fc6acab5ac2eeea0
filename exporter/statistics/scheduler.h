#pragma once
// Scheduler: the pure decision of what a domain's session thread does next.
//
// No threads, no I/O: callers pass `now` and report outcomes; the scheduler answers with
// one Action (open a session, refresh the counters, load a type in full, poll a type's
// changes, receive chat messages, or sleep until a time). The domain poller executes the
// actions against Five9; the 24-hour test executes them against the simulator's limit
// model on a virtual clock.
//
// Policy, in priority order:
//  1. backing off after an error -> sleep until the backoff ends;
//  2. no session -> first getCallCountersState once (a fresh poller learns what the domain
//     already spent; no session needed), then setSessionParameters when QueryStatistics
//     allows it;
//  3. counters refresh due (first after a session, then every counters_refresh, or when
//     asked after OperationsLimitExceeded) -> getCallCountersState (not budget-counted);
//  3b. a planned time-zone transition reached (PlanViewSettings) -> setSessionParameters
//     again when QueryStatistics allows it; every type then reloads with reason
//     "time_zone". Before the transition, polls end at it, and a full load that would
//     leave no QueryStatistics slot at the transition waits for it (the transition reloads
//     every type anyway): the transition is planned into the budget;
//  4. a type needing a full load (start-up, session loss, fault, doubt) -> getStatistics,
//     highest weight first, whenever the hard QueryStatistics windows allow (loads are
//     rare and wanted soon, so they are not paced: start-up fills the windows);
//  5. ready types -> getStatisticsUpdate by smooth weighted round robin (chat's
//     receiveMessages takes part with weight 1 when enabled), at the paced
//     QueryChangedStatistics rate; the long-poll timeout fills the time until the next
//     slot, capped at max_long_poll so a queued admin call waits little. Fixed weights
//     split the polls as configured; `weight: auto` types share theirs by the square-root
//     rule on their estimated change rates (poll_allocation.h, change_rate.h). A type
//     about to go unpolled for max_poll_interval goes first, whatever its weight;
//  6. otherwise sleep until the earliest of those becomes possible.
//
// Not thread-safe: owned by one poller thread (or one test). Holds a const reference to
// the budget, which must outlive it; the caller records spent calls in the budget.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/config/config.h"
#include "exporter/five9/types.h"
#include "exporter/statistics/budget.h"
#include "exporter/statistics/change_rate.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

struct SchedulerOptions {
  // Enabled types and their weights (weight >= 1), in any order.
  std::vector<std::pair<StatisticType, int>> types;
  // Types with `weight: auto`; their weight in `types` is their importance.
  std::vector<StatisticType> auto_weight;
  // No ready type goes longer than this without a poll.
  std::chrono::seconds max_poll_interval{300};
  bool chat_receive = false;  // take part in the round robin with receiveMessages
  std::chrono::milliseconds max_long_poll{3000};
  std::chrono::seconds counters_refresh{300};
  std::chrono::milliseconds backoff_initial{1000};  // first retry delay after an error
  std::chrono::milliseconds backoff_max{120'000};   // cap of the exponential backoff
  std::chrono::milliseconds long_backoff{600'000};  // after UserLimitReached and the like
  uint64_t seed = 0x5eed;                           // jitter RNG

  // Types, weights and timings of a domain's configuration.
  static SchedulerOptions FromConfig(const DomainConfig& config);
};

struct Action {
  enum class Kind {
    kNewSession,       // setSessionParameters
    kRefreshCounters,  // getCallCountersState (+ getUserLimits)
    kFullLoad,         // getStatistics(type)
    kDeltaPoll,        // getStatisticsUpdate(type, long_poll)
    kReceiveMessages,  // receiveMessages(long_poll)
    kSleep,            // nothing allowed before `until`
  };
  Kind kind = Kind::kSleep;
  StatisticType type = StatisticType::kAgentState;  // kFullLoad, kDeltaPoll
  std::chrono::milliseconds long_poll{0};           // kDeltaPoll, kReceiveMessages
  SteadyTime until{};                               // kSleep

  // The WSDL method the action calls ("" for kSleep): the one owner of kind -> method, used
  // by DomainPoller and by tests/scheduler_day (the operation type then comes from
  // five9/types' OperationTypeOf).
  std::string_view Method() const;
};

class Scheduler {
 public:
  Scheduler(SchedulerOptions options, const ApiBudget& budget);

  // The next thing to do at `now`. Advances the round robin when it picks a poll.
  Action Next(SteadyTime now);

  // --- outcomes reported by the executor
  // Starts or replaces the session; a planned transition at or before `now` is done.
  void OnSessionStarted(SteadyTime now);
  // The next instant the view settings must be re-sent (the domain's time zone changes
  // offset), or std::nullopt for none (fixed offsets).
  void PlanViewSettings(std::optional<SteadyTime> at);
  // Goes on with a session a previous process left open (a restored checkpoint): the
  // session counts as started, `restored` types as loaded at `now` (polled from their
  // stored timestamps), every other type still needs its full load. Counters are read first.
  void OnSessionResumed(SteadyTime now, const std::vector<StatisticType>& restored);
  std::optional<SteadyTime> view_settings_due() const { return view_settings_due_; }
  // The session is gone (SessionClosed/SessionNotInitialized): a new one is needed and
  // every type reloads with reason "session".
  void OnSessionLost();
  void OnCountersRefreshed(SteadyTime now);
  void RequestCountersRefresh();
  void OnLoaded(StatisticType type, SteadyTime now);
  // Marks `type` for a full load; `reason` is a PollerHooks reload reason.
  void RequestReload(StatisticType type, std::string_view reason);
  // A getStatisticsUpdate answer at `now`: `changed_objects` distinct objects changed (0 for
  // an empty answer) in a table of `rows` rows; feeds the change-rate estimate.
  void OnPolled(StatisticType type, SteadyTime now, size_t changed_objects = 0, size_t rows = 0);
  // Any successful call ends the backoff streak.
  void OnSuccess();
  // Transport error, timeout, 5xx, ServiceUnavailable: exponential backoff with jitter.
  void OnRetryableError(SteadyTime now);
  // UserLimitReached, InvalidAccount, AccessDisallowed: looping will not help.
  void OnFatalError(SteadyTime now);
  // Nothing (no new session either) before `until`: another client keeps taking the
  // session over.
  void BackOffUntil(SteadyTime until);

  // --- state for snapshots and tests
  bool has_session() const { return has_session_; }
  bool IsLoaded(StatisticType type) const;
  bool IsReloadPending(StatisticType type) const;
  // Why the pending full load of `type` is needed ("" when none pending).
  std::string_view ReloadReason(StatisticType type) const;
  bool AllLoaded() const;
  std::optional<SteadyTime> backoff_until() const { return backoff_until_; }
  // The backoff in force at `now` (kNone once it has ended).
  BackoffKind Backoff(SteadyTime now) const;
  int consecutive_failures() const { return failures_; }
  // "connecting", "loading", "polling" or "backoff".
  std::string_view StateName(SteadyTime now) const;
  // Every enabled type's current part of the delta polls (as of the last Next), in load order.
  std::vector<PollShare> PollShares() const;

 private:
  struct TypeState {
    StatisticType type;
    int weight = 1;  // fixed weight, or importance when auto_weight
    bool auto_weight = false;
    bool loaded = false;  // a full load succeeded in the current session
    bool reload_pending = true;
    std::string reason = "startup";
    double wrr_weight = 0;   // this round's weight: `weight`, or the auto share x total weight
    double wrr_current = 0;  // smooth weighted round-robin credit
    double share = 0;        // wrr_weight over the round's total (0 while not ready)
    ChangeRateEstimator rate;
    std::optional<SteadyTime> last_polled;  // last poll start (or full load)
  };

  TypeState* Find(StatisticType type);
  const TypeState* Find(StatisticType type) const;
  std::chrono::milliseconds LongPoll(SteadyTime now, SteadyTime limit) const;
  bool Ready(const TypeState& state) const { return state.loaded && !state.reload_pending; }
  // Sets wrr_weight and share of every type for this round; returns the total (with chat).
  double AllocateRound();
  // The ready type closest to max_poll_interval without a poll, if it is due now.
  TypeState* Overdue(SteadyTime now);

  SchedulerOptions options_;
  const ApiBudget& budget_;
  std::vector<TypeState> types_;  // sorted by weight, highest first (load order)
  double chat_wrr_current_ = 0;
  bool has_session_ = false;
  bool ever_had_session_ = false;
  std::optional<SteadyTime> counters_refreshed_;
  bool counters_requested_ = true;
  std::optional<SteadyTime> backoff_until_;
  BackoffKind backoff_kind_ = BackoffKind::kNone;  // of backoff_until_
  std::optional<SteadyTime> view_settings_due_;    // PlanViewSettings
  int failures_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace five9exp
