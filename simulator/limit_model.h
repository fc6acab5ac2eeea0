#pragma once
// LimitModel: the domain's API request limits (the guide's "Domain Limits" table),
// counted over sliding windows the way the simulator enforces them.
//
// Assumption (documented in docs/simulator.md): which WSDL methods spend which
// apiOperationType. The guide names only examples (setSessionParameters and
// getStatistics for QueryStatistics, getStatisticsUpdate for QueryChangedStatistics);
// we also count getColumnNames as QueryStatistics and receiveMessages as
// QueryChangedStatistics (both read statistics-service state). Every other method
// is not counted.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"

namespace five9sim {

// One row of the limits table: at most `limit` calls of `operation_type` within any
// `window` (before window scaling).
struct LimitRule {
  std::string operation_type;  // apiOperationType spelling, e.g. "QueryStatistics"
  std::chrono::seconds window;
  int64_t limit = 0;
};

// The guide's table: QueryChangedStatistics 30/60s 1200/3600s 24000/86400s;
// QueryStatistics 2/60s 15/3600s 240/86400s.
std::vector<LimitRule> DefaultLimitRules();

// Which apiOperationType a WSDL method spends: the exporter's own mapping, so that the
// simulator enforces exactly what the exporter budgets for (five9/types.h).
using five9exp::OperationTypeOf;

// Counts calls per operation type over sliding windows and refuses calls that would
// exceed a window. Owns its call history. Thread-safe (one internal mutex).
//
// Cost: TryConsume and State are O(1) amortised per rule when `now` does not go
// backwards (the simulator's clock and the virtual-clock tests), O(log n) otherwise:
// each operation type keeps running totals over its time-sorted history plus, per
// rule, a hint to where its window starts, so counting a window is one subtraction.
// History older than the longest window (plus kOutOfOrderTolerance) before the newest
// call is forgotten, so answers are exact for any `now` at most kOutOfOrderTolerance
// behind the latest time seen.
class LimitModel {
 public:
  // How far behind the newest counted call a `now` may lie and still be answered
  // exactly (concurrent callers read the clock before taking the mutex).
  static constexpr std::chrono::seconds kOutOfOrderTolerance{60};

  // `window_scale` multiplies every window length (0.05 turns 60 s into 3 s) so tests
  // and demos see windows roll over quickly with the same counts. Must be > 0.
  explicit LimitModel(std::vector<LimitRule> rules, double window_scale = 1.0);

  // Counts a call of `method` at `now`. Sliding windows: a window covers the last
  // (scaled) `window` seconds up to and including `now` — the strictest reading.
  // If any window of the method's operation type is already full, nothing is counted,
  // violations() grows, and the exceeded rule is returned (=> OperationsLimitExceededFault).
  // Methods that spend no operation type always pass.
  std::optional<LimitRule> TryConsume(std::string_view method, five9exp::SteadyTime now);

  // getCallCountersState view: one LimitTimeoutState per distinct window (ascending;
  // timeout = scaled window seconds, at least 1), each listing every operation type
  // that has a rule of that window with its limit and used value.
  std::vector<five9exp::LimitTimeoutState> State(five9exp::SteadyTime now) const;

  // Pre-loads `count` calls of other integrations of the same domain at `now`.
  void Preload(std::string_view operation_type, int64_t count, five9exp::SteadyTime now);

  // Calls refused so far (total and by operation type).
  int64_t violations() const;
  std::map<std::string, int64_t> ViolationsByOperation() const;

  // Calls counted so far per operation type (preloads included).
  std::map<std::string, int64_t> ConsumedByOperation() const;

  // Forgets every counted call and violation (control API "reset limits").
  void Reset();

  const std::vector<LimitRule>& rules() const { return rules_; }
  double window_scale() const { return window_scale_; }

 private:
  // Calls spent at one instant; consecutive calls at the same instant are merged.
  // `total` = calls of this bucket and of every bucket before it, including the
  // pruned ones, so calls in a range of buckets are one subtraction.
  struct Bucket {
    five9exp::SteadyTime at;
    int64_t count = 0;
    int64_t total = 0;
  };
  // One operation type's calls. Positions (`first_position`, hints) count buckets since
  // the history began, so pruning the front does not invalidate hints.
  struct History {
    std::deque<Bucket> buckets;   // sorted by `at`, distinct instants
    uint64_t first_position = 0;  // position of buckets.front()
    int64_t pruned_total = 0;     // calls in buckets already pruned
    // Per rule (index into rules_): position of the first bucket inside the window at
    // the last count. Only hints: checked before use, so stale ones cost time, never
    // correctness.
    std::vector<uint64_t> window_start_hint;
    uint64_t now_hint = 0;  // position of the first bucket after the last `now`
  };

  five9exp::SteadyTime::duration Scaled(std::chrono::seconds window) const;
  // Index (into buckets) of the first bucket later than `t`, starting the search at
  // `hint` and updating it. Requires mutex_ held.
  static size_t FirstAfter(const History& history, five9exp::SteadyTime t, uint64_t& hint);
  // Calls in (now - window of rules_[rule], now]. Requires mutex_ held.
  int64_t CountLocked(History& history, size_t rule, five9exp::SteadyTime now) const;
  History& HistoryLocked(std::string_view operation_type);
  // Adds calls and drops buckets older than the longest window. Requires mutex_ held.
  void AddLocked(std::string_view operation_type, int64_t count, five9exp::SteadyTime now);

  const std::vector<LimitRule> rules_;
  const double window_scale_;
  std::vector<five9exp::SteadyTime::duration> scaled_windows_;  // per rule
  five9exp::SteadyTime::duration longest_window_{};

  // State below is protected by mutex_. History hints move on reads, hence mutable.
  mutable std::mutex mutex_;
  mutable std::map<std::string, History, std::less<>> history_;
  std::map<std::string, int64_t> violations_;
  std::map<std::string, int64_t> consumed_;
};

}  // namespace five9sim
