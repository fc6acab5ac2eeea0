#include "exporter/web/health.h"

namespace five9exp {

Readiness CheckReadiness(const SnapshotStore& store, const std::vector<DomainHandle>& domains) {
  Readiness out;
  for (const DomainHandle& domain : domains) {
    if (domain.standby) continue;
    const std::shared_ptr<const DomainSnapshot> snapshot = store.Get(domain.name);
    if (!snapshot) {
      out.missing.push_back(domain.name + ": no data yet");
      continue;
    }
    if (domain.enabled_types.empty()) {
      for (const auto& [type, table] : snapshot->tables) {
        if (!table.ready) out.missing.push_back(domain.name + "/" + std::string(ToWire(type)));
      }
      if (snapshot->tables.empty()) out.missing.push_back(domain.name + ": no tables yet");
      continue;
    }
    for (StatisticType type : domain.enabled_types) {
      auto it = snapshot->tables.find(type);
      if (it == snapshot->tables.end() || !it->second.ready) {
        out.missing.push_back(domain.name + "/" + std::string(ToWire(type)));
      }
    }
  }
  out.ready = out.missing.empty();
  return out;
}

}  // namespace five9exp
