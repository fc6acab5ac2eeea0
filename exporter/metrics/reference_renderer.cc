#include "exporter/metrics/reference_renderer.h"

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <map>
#include <set>

#include "exporter/metrics/metric_names.h"
#include "exporter/metrics/value_kind.h"

namespace five9exp {

struct ReferenceRenderer::Impl {
  prometheus::Registry registry;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*> families;  // by name
};

ReferenceRenderer::ReferenceRenderer() : impl_(std::make_unique<Impl>()) {}
ReferenceRenderer::~ReferenceRenderer() = default;

void ReferenceRenderer::AddTable(const std::string& domain, const TableSnapshot& table,
                                 std::chrono::milliseconds time_zone) {
  if (!table.columns) return;
  const std::vector<std::string>& columns = *table.columns;
  const std::string object_label(ObjectLabel(table.type));
  std::set<std::string> claimed;  // family names taken by an earlier column of this table
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& column = columns[c];
    if (IsNotNumericColumn(table.type, column)) continue;
    ValueKind kind = ValueKind::kUndecided;
    for (const auto& row : table.rows) {
      if (c < row->cells.size() && !IsMissing(row->cells[c])) {
        kind = DecideKind(table.type, column, *row->cells[c]);
        break;
      }
    }
    const std::string snake = SnakeName(column);
    if (!IsSampleKind(kind) || snake.empty()) continue;
    const std::string name = StatisticFamilyName(table.type, snake, KindSuffix(kind));
    if (!claimed.insert(name).second) continue;
    try {
      auto& family = impl_->families[name];
      if (family == nullptr) {
        family = &prometheus::BuildGauge()
                      .Name(name)
                      .Help(StatisticHelp(table.type, column, KindUnit(kind)))
                      .Register(impl_->registry);
      }
      const bool duration_column = IsDurationColumn(column);
      for (const auto& row : table.rows) {
        if (c >= row->cells.size() || IsMissing(row->cells[c])) continue;
        const auto sample = ParseSample(kind, duration_column, *row->cells[c], time_zone);
        if (!sample) continue;
        family->Add({{"domain", domain}, {object_label, row->key}}).Set(*sample);
      }
    } catch (const std::exception&) {
      // prometheus-cpp refuses invalid names; the reference then simply lacks that family.
    }
  }
}

std::string ReferenceRenderer::Render() const {
  try {
    return prometheus::TextSerializer().Serialize(impl_->registry.Collect());
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace five9exp
