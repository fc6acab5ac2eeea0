#pragma once
// Per-domain families that are cheap enough to render on every body rebuild:
//   five9_up{domain}
//   five9_domain_limit / five9_domain_limit_used {domain,operation,window_seconds}
//   five9_user_limit / five9_users_logged_in {domain,kind=supervisor|mobile}
//   five9_exporter_statistics_ready / _updated_timestamp_seconds / _objects {domain,type}
// Pure function; thread-safe.

#include <vector>

#include "exporter/metrics/family_text.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

// Appends the families above for `snapshot` (families without samples are still appended,
// empty, so the merger keeps a stable order).
void RenderDomainFamilies(const DomainSnapshot& snapshot, std::vector<FamilyText>& out);

}  // namespace five9exp
