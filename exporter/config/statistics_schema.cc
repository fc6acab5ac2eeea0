#include "exporter/config/statistics_schema.h"

#include <regex>

#include "exporter/config/column_matcher.h"
#include "exporter/config/config_loader.h"

namespace five9exp {
namespace {

void ReadKinds(SchemaReader& reader, const Field& f, StatisticTypeConfig* config) {
  if (!f.value.IsMap()) {
    reader.FailAt(f, "must be a map of column name to kind");
    return;
  }
  const std::vector<std::string_view> kinds(kPinnableValueKinds.begin(), kPinnableValueKinds.end());
  for (const auto& entry : f.value) {
    const std::string column = entry.first.as<std::string>();
    Field item{entry.first, entry.second, f.path + "." + column};
    std::string kind;
    if (reader.ReadEnum(item, kinds, &kind)) config->kinds[column] = kind;
  }
}

void ReadColumnFilter(SchemaReader& reader, const Field& f, ColumnFilter* filter) {
  MapReader map(&reader, f);
  std::vector<std::regex> include, exclude;  // compiled once, here (a located error if not)
  for (auto [key, out] : {std::pair{"include", std::pair{&filter->include, &include}},
                          std::pair{"exclude", std::pair{&filter->exclude, &exclude}}}) {
    auto v = map.Take(key);
    if (!v) continue;
    std::vector<std::pair<std::string, Field>> patterns;
    reader.ReadStringList(*v, &patterns);
    for (auto& [pattern, item] : patterns) {
      if (auto regex = CompileColumnPattern(pattern)) {
        out.first->push_back(pattern);
        out.second->push_back(std::move(*regex));
      } else {
        reader.FailAt(item, regex.error().message);
      }
    }
  }
  filter->matcher = ColumnMatcher(std::move(include), std::move(exclude));
  map.Finish();
}

void ReadStatisticType(SchemaReader& reader, const Field& f, StatisticTypeConfig* config) {
  MapReader map(&reader, f);
  if (auto v = map.Take("enabled")) reader.ReadBool(*v, &config->enabled);
  int64_t weight = 0;
  if (auto v = map.Take("weight")) {
    if (v->value.IsScalar() && v->value.Scalar() == "auto") {
      config->auto_weight = true;
    } else if (reader.ReadInt(*v, 1, 100, &weight)) {
      config->weight = static_cast<int>(weight);
      config->auto_weight = false;
    }
  }
  if (auto v = map.Take("importance"); v && reader.ReadInt(*v, 1, 100, &weight)) {
    config->importance = static_cast<int>(weight);
  }
  if (auto v = map.Take("columns")) ReadColumnFilter(reader, *v, &config->columns);
  if (auto v = map.Take("kinds")) ReadKinds(reader, *v, config);
  map.Finish();
}

}  // namespace

void ReadStatisticsSchema(SchemaReader& reader, const Field& f, DomainConfig* domain) {
  MapReader map(&reader, f, /*null_is_empty=*/true);
  std::vector<std::string_view> names;
  for (StatisticType type : kAllStatisticTypes) names.push_back(ToWire(type));
  for (StatisticType type : kAllStatisticTypes) {
    if (auto v = map.Take(ToWire(type))) ReadStatisticType(reader, *v, &domain->statistics[type]);
  }
  // Unknown types get a message listing the valid ones rather than a bare "unknown key".
  map.FinishWith([&names](std::string_view name) {
    return "unknown statistic type" + Suggest(name, names) + " (expected one of " +
           JoinNames(names) + ")";
  });
}

}  // namespace five9exp
