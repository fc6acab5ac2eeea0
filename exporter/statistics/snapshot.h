#pragma once
// Immutable snapshots of a domain's live state: what scrapes, the status page and
// the admin API read. The poller builds a new DomainSnapshot after each change and
// swaps it into a SnapshotStore; readers never wait for Five9 and never see a
// half-applied delta.
//
// Rows are shared between successive snapshots (shared_ptr<const TableRow>), so a
// delta touching a few rows copies only those rows plus a vector of pointers.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"

namespace five9exp {

struct TableRow {
  std::string key;               // value of the type's key column
  std::vector<CellValue> cells;  // one per TableSnapshot::columns entry
};

struct TableSnapshot {
  StatisticType type = StatisticType::kAgentState;
  // Column names in Five9's order (after include/exclude filters are NOT applied:
  // filtering is a rendering concern).
  std::shared_ptr<const std::vector<std::string>> columns;
  int key_column = -1;  // index into columns; -1 when the key column is missing
  std::vector<std::shared_ptr<const TableRow>> rows;  // sorted by key
  bool ready = false;                                 // a full load has succeeded at least once
  bool consistent = true;  // false while a reload is pending after doubt (values are last good)
  int64_t five9_timestamp = 0;  // session timestamp of the last applied load/update
  WallTime updated{};           // wall time of the last applied load/update
  uint64_t version = 0;         // bumps on every change of rows or columns
};

struct FaultRecord {
  WallTime when{};
  std::string method;
  std::string label;  // Error::Label()
  std::string message;
};

// What the exporter itself spent and may spend per operation and window.
struct BudgetWindowState {
  std::string operation_type;  // e.g. "QueryStatistics"
  int64_t window_s = 0;
  int64_t limit = 0;        // Five9's limit for the window
  int64_t domain_used = 0;  // value from getCallCountersState (all integrations)
  int64_t own_used = 0;     // our calls in the current window (own accounting)
  int64_t allowed = 0;      // floor(limit * budget_share)
};

// Why the poller waits before its next Five9 call, if it does (five9_exporter_backoff).
enum class BackoffKind {
  kNone,
  kShort,  // exponential, after a transport error, timeout, 5xx or ServiceUnavailable
  kLong,   // long_backoff, after UserLimitReached, InvalidAccount or AccessDisallowed
};

// A type's part of the delta polls (Scheduler), for the status page and
// five9_exporter_poll_share.
struct PollShare {
  StatisticType type = StatisticType::kAgentState;
  bool auto_weight = false;
  double share = 0;               // of the domain's delta polls; 0 while not ready
  double changes_per_second = 0;  // the scheduler's estimate (auto or not)
};

struct DomainSnapshot {
  std::string domain;
  bool up = false;  // session established and last call did not fail with a transport/session error
  std::string session_state;  // "connecting", "loading", "polling", "backoff", "closed"
  BackoffKind backoff = BackoffKind::kNone;       // which backoff while session_state is "backoff"
  std::map<StatisticType, TableSnapshot> tables;  // enabled types only
  std::vector<LimitTimeoutState> limits;          // last getCallCountersState
  std::optional<UserLimits> user_limits;          // last getUserLimits
  std::vector<BudgetWindowState> budget;
  // When the budget next lets one call of each counted operation type go out (ApiBudget's
  // NextSlot at publication, Five9's OperationsLimitExceeded pauses included; a time <= now
  // means free now, SteadyTime::max() never). The one answer to "when may I retry": the
  // web layer reads it and computes nothing.
  std::map<std::string, SteadyTime, std::less<>> budget_next_free;
  std::vector<FaultRecord> recent_faults;  // newest last, bounded
  // Our QueryStatistics call times of the last 24 h, ascending (checkpoints carry them so a
  // restart counts them against every window). Shared between snapshots until one is added.
  std::shared_ptr<const std::vector<WallTime>> query_statistics_calls;
  std::vector<PollShare> poll_shares;  // enabled types, load order
  uint64_t version = 0;                // bumps on any change
};

// Holds the latest snapshot of every domain. Thread-safe; Get never blocks on Five9.
class SnapshotStore {
 public:
  void Publish(std::shared_ptr<const DomainSnapshot> snapshot);
  void Remove(const std::string& domain);
  std::shared_ptr<const DomainSnapshot> Get(const std::string& domain) const;
  // All domains, ordered by name.
  std::vector<std::shared_ptr<const DomainSnapshot>> GetAll() const;
  // Bumps whenever any domain publishes; lets renderers cache by generation.
  uint64_t generation() const;

 private:
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::map<std::string, std::shared_ptr<const DomainSnapshot>> domains_;
  uint64_t generation_ = 0;
};

}  // namespace five9exp
