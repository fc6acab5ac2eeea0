#pragma once
// The `high_availability:` section (SPEC "High availability and scale-out on Kubernetes"):
// keys, types, ranges and the in-cluster defaults (API server from KUBERNETES_SERVICE_HOST/
// PORT, namespace from the service account's namespace file beside token_file, identity
// from $POD_NAME or the host name plus a per-process suffix). The timing margin is a
// cross-field rule: Validate's. Private to exporter/config.

#include "exporter/config/config.h"
#include "exporter/config/yaml_schema.h"

namespace five9exp {

void ReadHighAvailability(SchemaReader& reader, const Field& f, bool allow_inline_secrets,
                          HighAvailabilityConfig* out);

}  // namespace five9exp
