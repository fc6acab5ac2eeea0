#include "exporter/metrics/table_renderer.h"

#include "exporter/metrics/metric_names.h"
#include "exporter/metrics/state_families.h"

namespace five9exp {

TableRenderer::TableRenderer(std::string domain, StatisticType type, SelfMetrics* self_metrics,
                             uint64_t* column_sequence)
    : domain_(std::move(domain)),
      type_(type),
      self_metrics_(self_metrics),
      column_sequence_(column_sequence != nullptr ? column_sequence : &own_sequence_) {}

void TableRenderer::SetOptions(const RenderOptions& options) {
  auto filter = options.columns.find(type_);
  columns_filter_ = filter != options.columns.end() ? filter->second : ColumnMatcher();
  pinned_.clear();
  if (auto kinds = options.kinds.find(type_); kinds != options.kinds.end()) {
    for (const auto& [column, name] : kinds->second) {
      // The loader accepts only ValueKindName spellings; an unknown one pins nothing.
      if (IsNotNumericColumn(type_, column)) continue;  // names are never families
      if (auto kind = ValueKindFromName(name)) pinned_.emplace(column, *kind);
    }
  }
  // Pins may change on reload: re-decide pinned columns now (their family is renamed).
  for (const auto& [column, kind] : pinned_) {
    auto [it, inserted] = columns_.try_emplace(column);
    if (inserted) it->second.sequence = ++*column_sequence_;
    if (it->second.kind != kind) SetKind(column, it->second, kind);
  }
  time_zone_ = options.time_zone;
  agent_info_ = options.agent_info;
  cached_.reset();
}

bool TableRenderer::ColumnIncluded(const std::string& column) const {
  return columns_filter_.Matches(column);
}

ValueKind TableRenderer::KindOf(const std::string& column) const {
  auto it = columns_.find(column);
  return it == columns_.end() ? ValueKind::kUndecided : it->second.kind;
}

std::map<std::string, ValueKind> TableRenderer::Kinds() const {
  std::map<std::string, ValueKind> out;
  for (const auto& [column, state] : columns_) {
    if (!ValueKindName(state.kind).empty()) out.emplace(column, state.kind);
  }
  return out;
}

void TableRenderer::SeedKinds(const std::map<std::string, ValueKind>& kinds) {
  for (const auto& [column, kind] : kinds) {
    if (pinned_.contains(column) || ValueKindName(kind).empty()) continue;
    if (IsNotNumericColumn(type_, column)) continue;
    auto [it, inserted] = columns_.try_emplace(column);
    if (inserted) it->second.sequence = ++*column_sequence_;
    if (it->second.kind == ValueKind::kUndecided) SetKind(column, it->second, kind);
  }
  cached_.reset();
}

void TableRenderer::Decide(const std::string& column, ColumnState& state, std::string_view value) {
  SetKind(column, state, DecideKind(type_, column, value));
}

void TableRenderer::SetKind(const std::string& column, ColumnState& state, ValueKind kind) {
  // Release a name claimed under an earlier kind (a pin changed on reload).
  if (!state.family.empty()) {
    auto claim = claimed_.find(state.family);
    if (claim != claimed_.end() && claim->second == column) claimed_.erase(claim);
    state.family.clear();
  }
  state.duplicate = false;
  state.kind = kind;
  state.duration_column = IsDurationColumn(column) || kind == ValueKind::kMilliseconds;
  if (!IsSampleKind(state.kind)) return;
  const std::string snake = SnakeName(column);
  if (snake.empty()) {
    state.kind = ValueKind::kText;  // nothing to name the family after
    return;
  }
  state.family = StatisticFamilyName(type_, snake, KindSuffix(state.kind));
  state.help = EscapeHelp(StatisticHelp(type_, column, KindUnit(state.kind)));
  auto [it, inserted] = claimed_.try_emplace(state.family, column);
  state.duplicate = !inserted && it->second != column;
}

std::shared_ptr<const RenderedTable> TableRenderer::Render(const TableSnapshot& table) {
  const CacheKey key{table.version, table.columns.get(), table.rows.size(),
                     table.rows.empty() ? nullptr : table.rows.front().get(),
                     table.rows.empty() ? nullptr : table.rows.back().get()};
  if (cached_ && key == cached_key_) return cached_;
  ++render_count_;

  auto rendered = std::make_shared<RenderedTable>();
  const std::vector<std::string> no_columns;
  const std::vector<std::string>& columns = table.columns ? *table.columns : no_columns;

  // The label set of each row, `{domain="..",agent=".."}`, escaped once per render.
  std::string labels;
  std::vector<size_t> label_offsets;
  label_offsets.reserve(table.rows.size() + 1);
  labels.reserve(table.rows.size() * (domain_.size() + 32));
  const std::string_view object_label = ObjectLabel(type_);
  for (const auto& row : table.rows) {
    label_offsets.push_back(labels.size());
    labels.append("{domain=\"");
    AppendLabelValue(labels, domain_);
    labels.append("\",").append(object_label).append("=\"");
    AppendLabelValue(labels, row->key);
    labels.append("\"} ");
  }
  label_offsets.push_back(labels.size());
  auto row_labels = [&](size_t r) {
    return std::string_view(labels).substr(label_offsets[r],
                                           label_offsets[r + 1] - label_offsets[r]);
  };

  // Rows unchanged since the previous render (same TableRow object) and where they were then.
  // Only when the previous render used the same columns and options (SetOptions drops
  // cached_), so the same row yields the same bytes.
  const bool reuse = cached_ != nullptr && previous_columns_ == table.columns;
  std::vector<int64_t> previous_position(table.rows.size(), -1);
  if (reuse) {
    for (size_t r = 0; r < table.rows.size(); ++r) {
      auto it = previous_row_index_.find(table.rows[r].get());
      if (it != previous_row_index_.end()) previous_position[r] = it->second;
    }
  }

  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& column = columns[c];
    auto [state_it, inserted] = columns_.try_emplace(column);
    ColumnState& state = state_it->second;
    const int previous_family = reuse ? state.family_index : -1;
    const FamilyText* previous =
        previous_family >= 0 ? &cached_->families[previous_family] : nullptr;
    std::vector<uint32_t> previous_ends = std::move(state.row_ends);
    state.family_index = -1;
    state.row_ends.clear();
    if (inserted) {
      state.sequence = ++*column_sequence_;
      state.duration_column = IsDurationColumn(column);
      if (IsNotNumericColumn(type_, column)) state.kind = ValueKind::kNotNumeric;
    }
    if (state.kind == ValueKind::kNotNumeric || !ColumnIncluded(column)) continue;

    FamilyText family;
    bool family_started = false;
    auto start_family = [&] {
      if (family_started) return;
      family.name = state.family;
      family.help = state.help;
      family.samples.reserve(previous != nullptr
                                 ? previous->samples.size() + previous->samples.size() / 8
                                 : table.rows.size() * (state.family.size() + 48));
      family_started = true;
    };
    std::vector<uint32_t> ends;
    ends.reserve(table.rows.size());
    bool no_family = false;  // the column gives no samples (text, duplicate name)
    size_t samples = 0;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      if (previous != nullptr && previous_position[r] >= 0) {
        // Unchanged row: its bytes from the previous render (possibly none).
        const size_t p = static_cast<size_t>(previous_position[r]);
        const uint32_t begin = p == 0 ? 0 : previous_ends[p - 1];
        const uint32_t end = previous_ends[p];
        if (end > begin) {
          start_family();
          family.samples.append(previous->samples, begin, end - begin);
          ++samples;  // a row has at most one sample per column
        }
        ends.push_back(static_cast<uint32_t>(family.samples.size()));
        continue;
      }
      const TableRow& row = *table.rows[r];
      if (c < row.cells.size() && !IsMissing(row.cells[c])) {
        const std::string& value = *row.cells[c];
        if (state.kind == ValueKind::kUndecided) Decide(column, state, value);
        if (!IsSampleKind(state.kind) || state.duplicate) {
          no_family = true;
          break;
        }
        const auto sample = ParseSample(state.kind, state.duration_column, value, time_zone_);
        if (sample) {
          start_family();
          family.samples.append(state.family).append(row_labels(r));
          AppendNumber(family.samples, *sample);
          family.samples += '\n';
          ++samples;
        } else if (self_metrics_ && !previous_row_index_.contains(&row)) {
          self_metrics_->CountUnparsedValue(domain_, ToWire(type_), column);
        }
      }
      ends.push_back(static_cast<uint32_t>(family.samples.size()));
    }
    if (family_started && !no_family) {
      state.family_index = static_cast<int>(rendered->families.size());
      state.row_ends = std::move(ends);
      rendered->column_families.push_back(
          ColumnFamily{rendered->families.size(), state.sequence, samples});
      rendered->families.push_back(std::move(family));
    }
  }

  if (type_ == StatisticType::kAgentState) {
    RenderAgentStateFamilies(domain_, table, agent_info_, rendered->families);
  } else if (type_ == StatisticType::kCampaignState) {
    RenderCampaignStateFamily(domain_, table, rendered->families);
  }

  previous_rows_ = table.rows;
  previous_row_index_.clear();
  previous_row_index_.reserve(table.rows.size());
  for (size_t r = 0; r < table.rows.size(); ++r) {
    previous_row_index_.emplace(table.rows[r].get(), static_cast<uint32_t>(r));
  }
  previous_columns_ = table.columns;
  cached_ = std::move(rendered);
  cached_key_ = key;
  return cached_;
}

}  // namespace five9exp
