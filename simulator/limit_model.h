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

// Which apiOperationType a WSDL method spends; "" = not counted.
// QueryStatistics: setSessionParameters, getStatistics, getColumnNames;
// QueryChangedStatistics: getStatisticsUpdate, receiveMessages.
std::string_view OperationTypeOf(std::string_view method);

// Counts calls per operation type over sliding windows and refuses calls that would
// exceed a window. Owns its call history. Thread-safe (one internal mutex).
class LimitModel {
 public:
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
  struct Bucket {
    five9exp::SteadyTime at;
    int64_t count = 0;
  };
  using History = std::deque<Bucket>;  // sorted by `at`

  five9exp::SteadyTime::duration Scaled(std::chrono::seconds window) const;
  // Calls in (now - window, now]. Requires mutex_ held.
  static int64_t CountLocked(const History& history, five9exp::SteadyTime now,
                             five9exp::SteadyTime::duration window);
  // Adds calls and drops buckets older than the longest window. Requires mutex_ held.
  void AddLocked(const std::string& operation_type, int64_t count, five9exp::SteadyTime now);

  const std::vector<LimitRule> rules_;
  const double window_scale_;
  five9exp::SteadyTime::duration longest_window_{};

  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  std::map<std::string, History, std::less<>> history_;
  std::map<std::string, int64_t> violations_;
  std::map<std::string, int64_t> consumed_;
};

}  // namespace five9sim
