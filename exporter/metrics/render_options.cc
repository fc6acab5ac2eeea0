#include "exporter/metrics/render_options.h"

namespace five9exp {

RenderOptions RenderOptionsOf(const DomainConfig& domain) {
  RenderOptions options;
  options.time_zone = domain.timestamp_time_zone;
  options.agent_info = domain.agent_info;
  options.limits = domain.limits;
  for (const auto& [type, config] : domain.statistics) {
    options.columns[type] = config.columns.matcher;
    if (!config.kinds.empty()) options.kinds[type] = config.kinds;
  }
  return options;
}

std::map<std::string, RenderOptions> RenderOptionsByDomain(
    const std::vector<DomainConfig>& domains) {
  std::map<std::string, RenderOptions> out;
  for (const DomainConfig& domain : domains) out[domain.name] = RenderOptionsOf(domain);
  return out;
}

}  // namespace five9exp
