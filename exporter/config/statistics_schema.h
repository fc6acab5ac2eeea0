#pragma once
// A domain's `statistics:` section (SPEC "Configuration"): per statistic type `enabled`,
// `weight`, `importance`, `columns` (include/exclude patterns, each compiled here once, a bad
// one a located error) and pinned `kinds`. Unknown types are listed with the valid ones.
// Private to exporter/config.

#include "exporter/config/config.h"
#include "exporter/config/yaml_schema.h"

namespace five9exp {

// Reads `f` into `domain->statistics` (which holds each type's defaults beforehand).
void ReadStatisticsSchema(SchemaReader& reader, const Field& f, DomainConfig* domain);

}  // namespace five9exp
