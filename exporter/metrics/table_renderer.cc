#include "exporter/metrics/table_renderer.h"

#include "exporter/metrics/metric_names.h"
#include "exporter/metrics/state_families.h"

namespace five9exp {

TableRenderer::TableRenderer(std::string domain, StatisticType type, SelfMetrics* self_metrics)
    : domain_(std::move(domain)), type_(type), self_metrics_(self_metrics) {}

void TableRenderer::SetOptions(const DomainConfig& domain) {
  include_.clear();
  exclude_.clear();
  auto compile = [](const std::vector<std::string>& patterns, std::vector<std::regex>& out) {
    for (const std::string& pattern : patterns) {
      // The config loader validates patterns; one that still fails matches nothing.
      try {
        out.emplace_back(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
      }
    }
  };
  if (auto it = domain.statistics.find(type_); it != domain.statistics.end()) {
    compile(it->second.columns.include, include_);
    compile(it->second.columns.exclude, exclude_);
  }
  time_zone_ = domain.timestamp_time_zone;
  agent_info_ = domain.agent_info;
  cached_.reset();
}

bool TableRenderer::ColumnIncluded(const std::string& column) const {
  bool included = include_.empty();
  for (const std::regex& re : include_) {
    if (std::regex_search(column, re)) {
      included = true;
      break;
    }
  }
  if (!included) return false;
  for (const std::regex& re : exclude_) {
    if (std::regex_search(column, re)) return false;
  }
  return true;
}

ValueKind TableRenderer::KindOf(const std::string& column) const {
  auto it = columns_.find(column);
  return it == columns_.end() ? ValueKind::kUndecided : it->second.kind;
}

void TableRenderer::Decide(const std::string& column, ColumnState& state, std::string_view value) {
  state.kind = DecideKind(type_, column, value);
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

  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& column = columns[c];
    auto [state_it, inserted] = columns_.try_emplace(column);
    ColumnState& state = state_it->second;
    if (inserted) {
      state.duration_column = IsDurationColumn(column);
      if (IsNotNumericColumn(type_, column)) state.kind = ValueKind::kNotNumeric;
    }
    if (state.kind == ValueKind::kNotNumeric || !ColumnIncluded(column)) continue;

    FamilyText family;
    bool family_started = false;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const TableRow& row = *table.rows[r];
      if (c >= row.cells.size() || IsMissing(row.cells[c])) continue;
      const std::string& value = *row.cells[c];
      if (state.kind == ValueKind::kUndecided) Decide(column, state, value);
      if (!IsSampleKind(state.kind) || state.duplicate) break;
      const auto sample = ParseSample(state.kind, state.duration_column, value, time_zone_);
      if (!sample) {
        if (self_metrics_ && !previous_row_set_.contains(&row)) {
          self_metrics_->CountUnparsedValue(domain_, ToWire(type_), column);
        }
        continue;
      }
      if (!family_started) {
        family.name = state.family;
        family.help = state.help;
        family.samples.reserve(table.rows.size() * (state.family.size() + 48));
        family_started = true;
      }
      family.samples.append(state.family).append(row_labels(r));
      AppendNumber(family.samples, *sample);
      family.samples += '\n';
    }
    if (family_started) rendered->families.push_back(std::move(family));
  }

  if (type_ == StatisticType::kAgentState) {
    RenderAgentStateFamilies(domain_, table, agent_info_, rendered->families);
  } else if (type_ == StatisticType::kCampaignState) {
    RenderCampaignStateFamily(domain_, table, rendered->families);
  }

  previous_rows_ = table.rows;
  previous_row_set_.clear();
  previous_row_set_.reserve(table.rows.size());
  for (const auto& row : table.rows) previous_row_set_.insert(row.get());
  cached_ = std::move(rendered);
  cached_key_ = key;
  return cached_;
}

}  // namespace five9exp
