#pragma once
// Scenario files: YAML descriptions of a simulated domain, its API users, its limits
// (rules, preloads, window scale), time scales and a fault script. The one file of the
// simulator that includes yaml-cpp. Format: docs/simulator.md; examples: simulator/scenarios/.

#include <string>
#include <string_view>

#include "exporter/common/error.h"
#include "simulator/sim_options.h"

namespace five9sim {

// Applies the scenario in `yaml_text` on top of `options` (fields absent from the file keep
// their value). kConfig with the offending key on any error.
five9exp::Result<void> ApplyScenario(std::string_view yaml_text, SimOptions* options);
// Reads `path` and applies it. kIo when unreadable.
five9exp::Result<void> LoadScenarioFile(const std::string& path, SimOptions* options);

}  // namespace five9sim
