#pragma once
// GenerateDomain: builds the static shape of a domain from a DomainSpec: agents (usernames,
// full names, skills, outbound assignment), skills with wire ids, campaigns of the three types
// with their calling lists, and the dispositions. Everyone starts Logged Out and every campaign
// in its initial state; Dynamics::Begin then places the agents. Deterministic for spec.seed.
// Pure function, thread-safe.

#include <cstdint>

#include "simulator/model/domain.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

// The disposition set used when DomainSpec::dispositions is empty.
std::vector<std::string> DefaultDispositions();

Domain GenerateDomain(const DomainSpec& spec, int64_t start_ms);

}  // namespace five9sim
