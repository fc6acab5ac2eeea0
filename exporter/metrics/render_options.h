#pragma once
// What the metrics module needs of a domain's configuration to render its tables, and
// nothing more: no endpoint, no credentials (metrics never holds a DomainConfig).
// Plain value; copy freely.

#include <map>
#include <string>
#include <vector>

#include "exporter/config/column_matcher.h"
#include "exporter/config/config.h"

namespace five9exp {

struct RenderOptions {
  // DomainConfig::timestamp_time_zone: zone of the domain's wall-clock strings.
  TimeZone time_zone;
  bool agent_info = true;  // DomainConfig::agent_info: export five9_agent_info{full_name}
  // Compiled column filters by type (absent = every column).
  std::map<StatisticType, ColumnMatcher> columns;
  // statistics.<Type>.kinds: pinned value kind names by exact column name, by type.
  std::map<StatisticType, std::map<std::string, std::string>> kinds;
  // DomainConfig::limits: the cardinality guard's caps (cardinality_guard.h). A render
  // option, not a session setting: changing it on reload keeps the domain's session.
  LimitsConfig limits;
};

// The render options of `domain` (its column filters as compiled at load).
RenderOptions RenderOptionsOf(const DomainConfig& domain);
// RenderOptionsOf every domain, by domain name.
std::map<std::string, RenderOptions> RenderOptionsByDomain(
    const std::vector<DomainConfig>& domains);

}  // namespace five9exp
