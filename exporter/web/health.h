#pragma once
// Readiness for /-/ready: ready once every enabled statistic type of every configured
// domain this replica leads has completed a full load (standby domains are skipped); otherwise the
// list of what is still missing. Pure function of the snapshots; thread-safe.

#include <string>
#include <vector>

#include "exporter/statistics/snapshot.h"
#include "exporter/web/domain_handle.h"

namespace five9exp {

struct Readiness {
  bool ready = false;
  std::vector<std::string> missing;  // "acme: no data yet", "acme/AgentState", ...
};

Readiness CheckReadiness(const SnapshotStore& store, const std::vector<DomainHandle>& domains);

}  // namespace five9exp
