#include "simulator/model/journal.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

namespace five9sim {
namespace {

size_t Index(five9exp::StatisticType type) { return static_cast<size_t>(type); }

ModelFault Fault(std::string name, std::string message) {
  return ModelFault{std::move(name), {}, std::move(message)};
}

}  // namespace

Journal::Journal(int64_t start_stamp, int64_t retention_ms)
    : retention_ms_(retention_ms), stamp_(start_stamp), horizon_(start_stamp) {}

int64_t Journal::NextStamp(int64_t at_ms) {
  stamp_ = std::max(at_ms, stamp_ + 1);
  return stamp_;
}

void Journal::Append(five9exp::StatisticType type, int64_t stamp, TableBatch batch) {
  if (!batch.empty()) {
    Stamped stamped;
    stamped.stamp = stamp;
    size_t bytes = 0;
    for (const CellChange& change : batch.cells) bytes += change.value ? change.value->size() : 0;
    stamped.arena.reserve(bytes);
    stamped.cells.reserve(batch.cells.size());
    for (const CellChange& change : batch.cells) {
      PackedCell packed;
      packed.object = change.object;
      packed.column = static_cast<uint16_t>(change.column);
      packed.nil = !change.value.has_value();
      packed.offset = static_cast<uint32_t>(stamped.arena.size());
      packed.length = change.value ? static_cast<uint32_t>(change.value->size()) : 0;
      if (change.value) stamped.arena += *change.value;
      stamped.cells.push_back(packed);
    }
    stamped.added = std::move(batch.added);
    stamped.deleted = std::move(batch.deleted);
    types_[Index(type)].batches.push_back(std::move(stamped));
  }
  Trim();
}

void Journal::ColumnsChanged(five9exp::StatisticType type, int64_t stamp) {
  types_[Index(type)].column_changes.push_back(stamp);
  Trim();
}

void Journal::Trim() {
  horizon_ = std::max(horizon_, stamp_ - retention_ms_);
  for (PerType& per_type : types_) {
    while (!per_type.batches.empty() && per_type.batches.front().stamp <= horizon_) {
      per_type.batches.pop_front();
    }
    std::erase_if(per_type.column_changes, [&](int64_t s) { return s <= horizon_; });
  }
}

ModelResult<std::optional<TableBatch>> Journal::Since(five9exp::StatisticType type,
                                                      int64_t since_ms,
                                                      const std::vector<bool>& column_mask) const {
  if (since_ms < horizon_ || since_ms > stamp_) {
    return tl::unexpected(
        Fault("UnknownTimestampFault", "Timestamp " + std::to_string(since_ms) + " is unknown"));
  }
  const PerType& per_type = types_[Index(type)];
  for (int64_t changed : per_type.column_changes) {
    if (changed > since_ms) {
      return tl::unexpected(Fault(
          "ConfigurationChangedFault",
          "Columns of " + std::string(five9exp::ToWire(type)) + " changed; request statistics"));
    }
  }
  auto first = std::upper_bound(per_type.batches.begin(), per_type.batches.end(), since_ms,
                                [](int64_t s, const Stamped& b) { return s < b.stamp; });
  if (first == per_type.batches.end()) return std::optional<TableBatch>();

  // Key (object << 32 | column): ordered by row, then column. Values point into the arenas.
  struct Value {
    const char* data = nullptr;
    uint32_t length = 0;
    bool nil = false;
  };
  std::map<uint64_t, Value> cells;
  // object -> (existed before the window, exists at its end), from its first and last event.
  std::map<uint32_t, std::pair<bool, bool>> membership;
  for (auto it = first; it != per_type.batches.end(); ++it) {
    const Stamped& batch = *it;
    for (uint32_t object : batch.deleted) {
      cells.erase(cells.lower_bound(uint64_t{object} << 32),
                  cells.lower_bound((uint64_t{object} + 1) << 32));
      membership.try_emplace(object, true, false).first->second.second = false;
    }
    for (uint32_t object : batch.added) {
      membership.try_emplace(object, false, true).first->second.second = true;
    }
    for (const PackedCell& change : batch.cells) {
      if (change.column >= column_mask.size() || !column_mask[change.column]) continue;
      cells[(uint64_t{change.object} << 32) | change.column] =
          Value{batch.arena.data() + change.offset, change.length, change.nil};
    }
  }
  TableBatch merged;
  merged.cells.reserve(cells.size());
  for (const auto& [key, value] : cells) {
    merged.cells.push_back(
        {static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key & 0xffffffffu),
         value.nil ? five9exp::CellValue()
                   : five9exp::CellValue(std::string(value.data, value.length))});
  }
  // Deleted and re-added inside the window: neither (every cell follows from the re-add).
  for (const auto& [object, ends] : membership) {
    if (ends.first && !ends.second) merged.deleted.push_back(object);
    if (!ends.first && ends.second) merged.added.push_back(object);
  }
  if (merged.empty()) return std::optional<TableBatch>();
  return std::optional<TableBatch>(std::move(merged));
}

size_t Journal::RetainedCells() const {
  size_t total = 0;
  for (const PerType& per_type : types_) {
    for (const Stamped& b : per_type.batches) total += b.cells.size();
  }
  return total;
}

}  // namespace five9sim
