#include "exporter/statistics/table.h"

#include <unordered_set>
#include <utility>

namespace five9exp {

namespace {
// column_index_ value of a dropped personal column: its updates are ignored.
constexpr int kDroppedColumn = -2;
}  // namespace

bool IsPersonalColumn(std::string_view column) { return column == "Full Name"; }

StatisticTable::StatisticTable(StatisticType type, RowPrivacy privacy)
    : type_(type),
      privacy_(std::move(privacy)),
      columns_(std::make_shared<const std::vector<std::string>>()) {}

std::string StatisticTable::Label(const std::string& key) const {
  return privacy_.key_label ? privacy_.key_label(key) : key;
}

int StatisticTable::ColumnIndex(std::string_view name) const {
  auto it = column_index_.find(name);
  return it == column_index_.end() ? -1 : it->second;
}

StatisticTable::RowMap::iterator StatisticTable::FindRow(std::string_view key) {
  auto it = row_index_.find(key);
  return it == row_index_.end() ? rows_.end() : it->second;
}

void StatisticTable::IndexRows() {
  row_index_.clear();
  row_index_.reserve(rows_.size());
  for (auto it = rows_.begin(); it != rows_.end(); ++it) row_index_.emplace(it->first, it);
}

void StatisticTable::Load(const Statistics& statistics, WallTime now) {
  // Columns kept (personal ones dropped when asked) and where each comes from.
  std::vector<std::string> kept;
  std::vector<size_t> source;
  column_index_.clear();
  for (size_t i = 0; i < statistics.columns.size(); ++i) {
    if (privacy_.drop_personal_columns && IsPersonalColumn(statistics.columns[i])) {
      column_index_.emplace(statistics.columns[i], kDroppedColumn);
      continue;
    }
    column_index_.emplace(statistics.columns[i], static_cast<int>(kept.size()));
    kept.push_back(statistics.columns[i]);
    source.push_back(i);
  }
  const bool all_kept = kept.size() == statistics.columns.size();
  columns_ = std::make_shared<const std::vector<std::string>>(std::move(kept));
  key_column_ = ColumnIndex(KeyColumn(type_));
  if (key_column_ < 0) key_column_ = -1;
  rows_.clear();
  const size_t width = columns_->size();
  for (size_t r = 0; r < statistics.rows.size(); ++r) {
    auto row = std::make_shared<TableRow>();
    const std::vector<CellValue>& cells = statistics.rows[r];
    if (all_kept) {
      row->cells = cells;
    } else {
      row->cells.reserve(width);
      for (size_t from : source)
        row->cells.push_back(from < cells.size() ? cells[from] : CellValue{});
    }
    row->cells.resize(width);  // a short row is padded with nil, a long one truncated
    if (key_column_ >= 0) {
      const std::string key = row->cells[key_column_].value_or("");
      if (privacy_.key_label) {
        row->key = Label(key);
        row->cells[key_column_] = row->key;
        rows_.insert_or_assign(key, std::move(row));
        continue;
      }
      row->key = key;
    } else {
      // No key column: keep rows apart by position (zero-padded so they sort in order).
      std::string index = std::to_string(r);
      row->key = std::string(10 - std::min<size_t>(10, index.size()), '0') + index;
    }
    std::string key = row->key;
    rows_.insert_or_assign(std::move(key), std::move(row));
  }
  IndexRows();
  ready_ = true;
  consistent_ = true;
  doubt_reason_.clear();
  five9_timestamp_ = statistics.timestamp;
  updated_ = now;
  ++version_;
}

void StatisticTable::Restore(const TableSnapshot& stored) {
  Statistics statistics;
  statistics.type = type_;
  if (stored.columns) statistics.columns = *stored.columns;
  statistics.rows.reserve(stored.rows.size());
  for (const auto& row : stored.rows) statistics.rows.push_back(row->cells);
  statistics.timestamp = stored.five9_timestamp;
  if (privacy_.key_label) {
    // Stored keys are labels already (snapshots never hold usernames), and Five9's deltas
    // name usernames: serve the stored rows, but in doubt, so the table reloads in full.
    auto label = std::move(privacy_.key_label);
    privacy_.key_label = nullptr;
    Load(statistics, stored.updated);
    privacy_.key_label = std::move(label);
    MarkInconsistent();
    doubt_reason_ = "restored with pseudonyms";
    return;
  }
  Load(statistics, stored.updated);
  if (!stored.consistent) MarkInconsistent();
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
  // Column of every item, looked up once.
  std::vector<int> item_columns;
  item_columns.reserve(update.data_update.size());
  for (const ItemUpdate& item : update.data_update) {
    const int column = ColumnIndex(item.column_name);
    if (column == kDroppedColumn) {
      item_columns.push_back(column);
      continue;
    }
    if (column < 0) {
      doubt_reason_ = "unknown column " + item.column_name;
      consistent_ = false;
      return ApplyResult::kDoubt;
    }
    if (column == key_column_ && item.column_value != item.object_name) {
      doubt_reason_ = "key column changed for " + item.object_name;
      consistent_ = false;
      return ApplyResult::kDoubt;
    }
    item_columns.push_back(column);
  }

  const size_t width = columns_->size();
  bool changed = false;
  // Rows already private to this Apply (created or copied here): written in place.
  std::unordered_set<const TableRow*> copied;
  auto new_row = [&](const std::string& key) {
    auto row = std::make_shared<TableRow>();
    row->key = Label(key);
    row->cells.resize(width);
    row->cells[key_column_] = row->key;
    copied.insert(row.get());
    changed = true;
    auto it = rows_.emplace(key, std::move(row)).first;
    row_index_.emplace(it->first, it);
    return it;
  };

  for (const std::string& key : update.added_objects) {
    if (FindRow(key) == rows_.end()) new_row(key);
  }
  // Five9 lists the items of one object together: remember the last row found.
  auto last = rows_.end();
  for (size_t i = 0; i < update.data_update.size(); ++i) {
    const ItemUpdate& item = update.data_update[i];
    auto it = last;
    if (it == rows_.end() || it->first != item.object_name) {
      it = FindRow(item.object_name);
      if (it == rows_.end()) it = new_row(item.object_name);
      last = it;
    }
    const int column = item_columns[i];
    // Personal columns are not kept; the key cell holds the label, not the username.
    if (column == kDroppedColumn || column == key_column_) continue;
    if (it->second->cells[column] == item.column_value) continue;
    if (!copied.contains(it->second.get())) {
      it->second = std::make_shared<TableRow>(*it->second);  // copy-on-write
      copied.insert(it->second.get());
    }
    it->second->cells[column] = item.column_value;
    changed = true;
  }
  for (const std::string& key : update.deleted_objects) {
    auto index = row_index_.find(std::string_view(key));
    if (index == row_index_.end()) continue;
    const auto row = index->second;
    row_index_.erase(index);  // before the node its key views goes
    rows_.erase(row);
    changed = true;
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
