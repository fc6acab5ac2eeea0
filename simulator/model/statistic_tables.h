#pragma once
// StatisticTables: the eight statistic types as tables computed from the Domain, with Five9's
// column names (FIELD-NOTES.md) and value formats. Keeps the last published row of every object
// and, on Refresh, rebuilds only the rows the dynamics marked dirty and diffs old vs new row,
// so the cost per tick follows the number of changes, not the size of the domain.
//
// Objects are named by ids (agent, skill or campaign index), never reused; the name of an id is
// kept after its row is deleted so journal entries stay resolvable.
// Ownership: owned by ContactCenter. Not thread-safe (guarded by ContactCenter's mutex).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/five9/types.h"
#include "simulator/model/domain.h"
#include "simulator/model/journal.h"

namespace five9sim {

inline constexpr size_t kTypeCount = five9exp::kAllStatisticTypes.size();

class StatisticTables {
 public:
  // Builds the column sets and every row of `domain` (no changes reported for these).
  StatisticTables(const Domain& domain, int64_t now_ms);

  const std::vector<std::string>& Columns(five9exp::StatisticType type) const;
  // Column index, or -1.
  int ColumnIndex(five9exp::StatisticType type, std::string_view column) const;
  // Object id of a live row, or -1.
  int FindObject(five9exp::StatisticType type, std::string_view name) const;
  const std::string& ObjectName(five9exp::StatisticType type, uint32_t id) const;

  // Rebuilds the rows of the domain's dirty objects at `now_ms` and returns, per type (index =
  // static_cast<size_t>(type)), the cells that changed and the rows added or deleted. An added
  // row reports every cell. Does not clear the domain's dirty marks.
  std::array<TableBatch, kTypeCount> Refresh(const Domain& domain, int64_t now_ms);
  // Adds the AgentStatistics column of the newest disposition and rebuilds those rows silently
  // (callers report the column change instead of cell changes).
  void AddDispositionColumn(const Domain& domain, int64_t now_ms);
  // Pins one cell to `value` (SetValue); applied on the object's next Refresh.
  void SetOverride(five9exp::StatisticType type, int object, int column, five9exp::CellValue value);

  // The table with the given columns (indexes into Columns(type)), rows in id order.
  five9exp::Statistics Snapshot(five9exp::StatisticType type,
                                const std::vector<int>& columns) const;

 private:
  using Row = std::vector<five9exp::CellValue>;
  struct Table {
    std::vector<std::string> columns;
    std::vector<std::optional<Row>> rows;  // by object id; nullopt = no row
    std::vector<std::string> names;        // by object id, kept after deletion
    std::map<std::pair<int, int>, five9exp::CellValue> overrides;  // (object, column)
  };

  static bool Present(five9exp::StatisticType type, const Domain& domain, int id);
  void BuildRow(five9exp::StatisticType type, const Domain& domain, int id, int64_t now_ms,
                Row& out) const;
  void RefreshObject(five9exp::StatisticType type, const Domain& domain, int id, int64_t now_ms,
                     TableBatch& batch);

  std::array<Table, kTypeCount> tables_;
  Row scratch_;
};

}  // namespace five9sim
