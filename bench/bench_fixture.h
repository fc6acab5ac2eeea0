#pragma once
// The one large domain shared by the benchmarks of a process, built on first use (building
// it takes about a second, so each benchmark must not rebuild it). Not thread-safe:
// Google Benchmark runs benchmarks one after another on the main thread.

#include <memory>
#include <vector>

#include "bench/large_domain.h"
#include "exporter/config/config.h"

namespace five9exp::bench {

// The process-wide large domain (5,000 agents ...).
LargeDomain& SharedLargeDomain();

// Render options of the large domain: defaults (every column, agent_info on, UTC).
std::vector<DomainConfig> LargeDomainConfigs();

}  // namespace five9exp::bench
