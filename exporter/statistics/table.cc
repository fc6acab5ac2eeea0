#include "exporter/statistics/table.h"

#include <set>
#include <utility>

namespace five9exp {

StatisticTable::StatisticTable(StatisticType type)
    : type_(type), columns_(std::make_shared<const std::vector<std::string>>()) {}

int StatisticTable::ColumnIndex(const std::string& name) const {
  auto it = column_index_.find(name);
  return it == column_index_.end() ? -1 : it->second;
}

void StatisticTable::Load(const Statistics& statistics, WallTime now) {
  columns_ = std::make_shared<const std::vector<std::string>>(statistics.columns);
  column_index_.clear();
  for (size_t i = 0; i < statistics.columns.size(); ++i) {
    column_index_.emplace(statistics.columns[i], static_cast<int>(i));
  }
  key_column_ = ColumnIndex(std::string(KeyColumn(type_)));
  rows_.clear();
  const size_t width = statistics.columns.size();
  for (size_t r = 0; r < statistics.rows.size(); ++r) {
    auto row = std::make_shared<TableRow>();
    row->cells = statistics.rows[r];
    row->cells.resize(width);  // a short row is padded with nil, a long one truncated
    if (key_column_ >= 0) {
      row->key = row->cells[key_column_].value_or("");
    } else {
      // No key column: keep rows apart by position (zero-padded so they sort in order).
      std::string index = std::to_string(r);
      row->key = std::string(10 - std::min<size_t>(10, index.size()), '0') + index;
    }
    std::string key = row->key;
    rows_.insert_or_assign(std::move(key), std::move(row));
  }
  ready_ = true;
  consistent_ = true;
  doubt_reason_.clear();
  five9_timestamp_ = statistics.timestamp;
  updated_ = now;
  ++version_;
}

StatisticTable::ApplyResult StatisticTable::Apply(const StatisticsUpdate& update, WallTime now) {
  // Validate everything first so a doubtful delta leaves the last good rows untouched.
  if (!ready_) {
    doubt_reason_ = "delta before full load";
    consistent_ = false;
    return ApplyResult::kDoubt;
  }
  if (key_column_ < 0 && (!update.data_update.empty() || !update.added_objects.empty() ||
                          !update.deleted_objects.empty())) {
    doubt_reason_ = "table has no key column " + std::string(KeyColumn(type_));
    consistent_ = false;
    return ApplyResult::kDoubt;
  }
  for (const ItemUpdate& item : update.data_update) {
    if (ColumnIndex(item.column_name) < 0) {
      doubt_reason_ = "unknown column " + item.column_name;
      consistent_ = false;
      return ApplyResult::kDoubt;
    }
    if (ColumnIndex(item.column_name) == key_column_ && item.column_value != item.object_name) {
      doubt_reason_ = "key column changed for " + item.object_name;
      consistent_ = false;
      return ApplyResult::kDoubt;
    }
  }

  const size_t width = columns_->size();
  bool changed = false;
  std::set<std::string, std::less<>> copied;  // rows already private to this Apply
  auto new_row = [&](const std::string& key) {
    auto row = std::make_shared<TableRow>();
    row->key = key;
    row->cells.resize(width);
    row->cells[key_column_] = key;
    copied.insert(key);
    changed = true;
    return rows_.emplace(key, std::move(row)).first;
  };

  for (const std::string& key : update.added_objects) {
    if (!rows_.contains(key)) new_row(key);
  }
  for (const ItemUpdate& item : update.data_update) {
    auto it = rows_.find(item.object_name);
    if (it == rows_.end()) it = new_row(item.object_name);
    const int column = ColumnIndex(item.column_name);
    if (it->second->cells[column] == item.column_value) continue;
    if (!copied.contains(item.object_name)) {
      it->second = std::make_shared<TableRow>(*it->second);  // copy-on-write
      copied.insert(item.object_name);
    }
    it->second->cells[column] = item.column_value;
    changed = true;
  }
  for (const std::string& key : update.deleted_objects) {
    if (rows_.erase(key) > 0) changed = true;
  }

  if (update.last_timestamp != 0) five9_timestamp_ = update.last_timestamp;
  updated_ = now;
  if (changed) ++version_;
  return ApplyResult::kApplied;
}

void StatisticTable::ConfirmCurrent(WallTime now) { updated_ = now; }

void StatisticTable::MarkInconsistent() { consistent_ = false; }

TableSnapshot StatisticTable::Snapshot() const {
  TableSnapshot snapshot;
  snapshot.type = type_;
  snapshot.columns = columns_;
  snapshot.key_column = key_column_;
  snapshot.rows.reserve(rows_.size());
  for (const auto& [key, row] : rows_) snapshot.rows.push_back(row);
  snapshot.ready = ready_;
  snapshot.consistent = consistent_;
  snapshot.five9_timestamp = five9_timestamp_;
  snapshot.updated = updated_;
  snapshot.version = version_;
  return snapshot;
}

}  // namespace five9exp
