#pragma once
// Journal: per statistic type, the stamped batches of cell changes, added and deleted objects,
// and the stamps at which the type's columns changed; answers "what changed since T" merged.
// Retention is bounded (DomainSpec::journal_retention_ms): older timestamps are refused with
// UnknownTimestampFault, as Five9 refuses timestamps it no longer knows.
//
// Stamps are epoch ms, strictly increasing over all types (NextStamp), so a timestamp handed
// out by GetStatistics separates "already in the table" from "still to come" exactly.
//
// Objects and columns are named by table ids (StatisticTables), which are never reused.
// Ownership: owned by ContactCenter. Not thread-safe (guarded by ContactCenter's mutex).

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "exporter/five9/types.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

// One cell's new value.
struct CellChange {
  uint32_t object = 0;
  uint32_t column = 0;
  five9exp::CellValue value;
};

// The changes of one type in one batch (or merged over several).
struct TableBatch {
  std::vector<CellChange> cells;
  std::vector<uint32_t> added;
  std::vector<uint32_t> deleted;
  bool empty() const { return cells.empty() && added.empty() && deleted.empty(); }
};

class Journal {
 public:
  Journal(int64_t start_stamp, int64_t retention_ms);

  // The newest stamp handed out.
  int64_t stamp() const { return stamp_; }
  // The oldest timestamp still answerable.
  int64_t horizon() const { return horizon_; }
  // Hands out the next stamp: max(at_ms, stamp() + 1).
  int64_t NextStamp(int64_t at_ms);
  // Appends a non-empty batch of `type` stamped `stamp` (from NextStamp), then trims batches
  // that fell out of retention.
  void Append(five9exp::StatisticType type, int64_t stamp, TableBatch batch);
  // Records that the columns of `type` changed at `stamp`.
  void ColumnsChanged(five9exp::StatisticType type, int64_t stamp);

  // Merges every batch of `type` with stamp > since_ms: last value per (object, column) in
  // (object, column) order, restricted to columns with column_mask[column] true (columns past
  // the mask's end count as false). Membership is net: an object added then deleted in the
  // window vanishes; one deleted then re-added is neither added nor deleted (all its cells
  // follow, from the re-add). Cells of deleted objects are dropped. nullopt when nothing is
  // left.
  // Faults: UnknownTimestampFault (since_ms < horizon() or > stamp()),
  // ConfigurationChangedFault (columns changed after since_ms).
  ModelResult<std::optional<TableBatch>> Since(five9exp::StatisticType type, int64_t since_ms,
                                               const std::vector<bool>& column_mask) const;

  // Number of retained cell changes (all types); for tests and benchmarks.
  size_t RetainedCells() const;

 private:
  // A cell change as stored: its value lives in the batch's arena, so a retained change costs
  // 16 bytes plus its text instead of a std::optional<std::string> each (an hour of a
  // 5,000-agent domain is millions of changes).
  struct PackedCell {
    uint32_t object = 0;
    uint32_t offset = 0;
    uint32_t length = 0;
    uint16_t column = 0;
    bool nil = false;
  };
  struct Stamped {
    int64_t stamp = 0;
    std::vector<PackedCell> cells;
    std::string arena;
    std::vector<uint32_t> added;
    std::vector<uint32_t> deleted;
  };
  struct PerType {
    std::deque<Stamped> batches;
    std::vector<int64_t> column_changes;
  };
  void Trim();

  const int64_t retention_ms_;
  int64_t stamp_;
  int64_t horizon_;
  std::array<PerType, five9exp::kAllStatisticTypes.size()> types_;
};

}  // namespace five9sim
