#pragma once
// StatisticTable: the live, mutable table of one statistic type of one domain.
//
// Holds the columns and rows of the last full load (getStatistics), kept current by
// applying getStatisticsUpdate deltas, and hands out immutable TableSnapshots that share
// unchanged rows with earlier snapshots (copy-on-write per row).
//
// Delta rules (FIELD-NOTES "Session and polling"):
//  - addedObjects create rows whose values (nil) may arrive in later dataUpdates;
//  - a dataUpdate for an object we do not know creates that row too: its values are
//    Five9's, and a missing row would only hide data;
//  - deletedObjects are applied last, so an object both updated and deleted in one
//    merged delta ends absent rather than as a phantom row nobody will ever remove;
//  - a dataUpdate naming a column the table does not have is doubt: the columns changed
//    under us. Nothing of that delta is applied (the last good rows stay), the table is
//    flagged inconsistent and the caller must reload it in full.
//
// Personal data (RowPrivacy, agent types only): the table may replace the key (Username)
// in every row it hands out by a label (the pseudonym) and drop personal columns
// (Full Name) entirely, so no snapshot reader (metrics, status page, admin JSON) ever
// sees them. Deltas keep matching: rows are still found by the username Five9 sends.
//
// Owned by the domain poller thread; not thread-safe. Snapshots are immutable and may be
// read from any thread.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

// What the table hides (domains[].agent_labels / agent_info).
struct RowPrivacy {
  // Label for a key in snapshots (e.g. AgentPseudonym); empty = the key itself.
  std::function<std::string(std::string_view)> key_label;
  bool drop_personal_columns = false;  // no "Full Name" column at all
};

// The personal columns RowPrivacy::drop_personal_columns removes.
bool IsPersonalColumn(std::string_view column);

class StatisticTable {
 public:
  enum class ApplyResult {
    kApplied,  // rows/timestamp updated
    kDoubt,    // not applied: reload in full (see doubt_reason())
  };

  explicit StatisticTable(StatisticType type, RowPrivacy privacy = {});
  // Movable (row_index_ points into rows_' nodes, which a move keeps); not copyable.
  StatisticTable(StatisticTable&&) noexcept = default;
  StatisticTable& operator=(StatisticTable&&) noexcept = default;
  StatisticTable(const StatisticTable&) = delete;
  StatisticTable& operator=(const StatisticTable&) = delete;

  // Replaces columns and rows with a full load. Rows are keyed by KeyColumn(type); when
  // that column is absent, rows are keyed by position and deltas will cause doubt.
  // Duplicate keys keep the last row. Makes the table ready and consistent.
  void Load(const Statistics& statistics, WallTime now);

  // Replaces columns and rows with a checkpointed table (checkpoint.h): like Load, but the
  // Five9 timestamp, update time and consistency are the stored ones (a table stored in
  // doubt stays in doubt until reloaded). With a RowPrivacy key label the stored keys are
  // labels already: they are kept as they are and the table is in doubt (deltas name
  // usernames), so it must be reloaded before deltas apply.
  void Restore(const TableSnapshot& stored);

  // Applies one delta atomically (all or nothing). Requires ready().
  ApplyResult Apply(const StatisticsUpdate& update, WallTime now);

  // getStatisticsUpdate answered "nothing changed": the data is current as of `now`.
  void ConfirmCurrent(WallTime now);

  // Flags the table as known inconsistent (values are the last good ones) until the
  // next Load. Used for doubt and for faults that invalidate the session timestamp.
  void MarkInconsistent();

  // An immutable view; cheap (shares rows and columns).
  TableSnapshot Snapshot() const;

  StatisticType type() const { return type_; }
  bool ready() const { return ready_; }
  bool consistent() const { return consistent_; }
  int64_t five9_timestamp() const { return five9_timestamp_; }
  uint64_t version() const { return version_; }
  size_t row_count() const { return rows_.size(); }
  const std::string& doubt_reason() const { return doubt_reason_; }

 private:
  // Hash of strings that also looks up by string_view (no temporary strings).
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using RowMap = std::map<std::string, std::shared_ptr<TableRow>, std::less<>>;

  int ColumnIndex(std::string_view name) const;
  RowMap::iterator FindRow(std::string_view key);
  void IndexRows();

  // The label of a row's key in snapshots.
  std::string Label(const std::string& key) const;

  StatisticType type_;
  RowPrivacy privacy_;
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> column_index_;
  int key_column_ = -1;
  // Rows by key, sorted (snapshots list rows in key order). A row may be shared with
  // published snapshots: never modify a row in place unless it was copied during the
  // current Apply.
  RowMap rows_;
  // The same rows by hash, for Apply's lookups; keys view rows_' keys (node-stable).
  std::unordered_map<std::string_view, RowMap::iterator, StringHash> row_index_;
  bool ready_ = false;
  bool consistent_ = true;
  int64_t five9_timestamp_ = 0;
  WallTime updated_{};
  uint64_t version_ = 0;
  std::string doubt_reason_;
};

}  // namespace five9exp
