#pragma once
// Test-only helpers that build statistic snapshots the way the statistics module does.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "exporter/statistics/snapshot.h"

namespace five9exp::testing {

inline std::shared_ptr<const TableRow> MakeRow(const std::vector<std::string>& columns,
                                               StatisticType type, std::vector<CellValue> cells) {
  auto row = std::make_shared<TableRow>();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == KeyColumn(type) && i < cells.size() && cells[i]) row->key = *cells[i];
  }
  row->cells = std::move(cells);
  return row;
}

// A ready table; rows are sorted by key like the statistics module keeps them.
inline TableSnapshot MakeTable(StatisticType type, std::vector<std::string> columns,
                               std::vector<std::vector<CellValue>> rows, uint64_t version = 1) {
  TableSnapshot table;
  table.type = type;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == KeyColumn(type)) table.key_column = static_cast<int>(i);
  }
  auto shared_columns = std::make_shared<const std::vector<std::string>>(std::move(columns));
  table.columns = shared_columns;
  for (auto& cells : rows) table.rows.push_back(MakeRow(*shared_columns, type, std::move(cells)));
  std::sort(table.rows.begin(), table.rows.end(),
            [](const auto& a, const auto& b) { return a->key < b->key; });
  table.ready = true;
  table.version = version;
  table.updated = WallTime(std::chrono::seconds(1'800'000'000));
  return table;
}

// Joins the samples of every family in rendered output (what /metrics would carry).
template <typename Families>
std::string JoinSamples(const Families& families) {
  std::string out;
  for (const auto& family : families) out += family.samples;
  return out;
}

}  // namespace five9exp::testing
