#pragma once
// Per-domain families that are cheap enough to render on every body rebuild:
//   five9_up{domain}
//   five9_domain_limit / five9_domain_limit_used {domain,operation,window_seconds}
//   five9_user_limit / five9_users_logged_in {domain,kind=supervisor|mobile}
//   five9_exporter_budget_allowed / _budget_spent {domain,operation,window_seconds}
//   five9_exporter_backoff {domain,kind=short|long}
//   five9_exporter_statistics_ready / _updated_timestamp_seconds / _objects / _consistent
//     {domain,type}
//   five9_exporter_series_dropped / _columns_dropped {domain,type} (RenderGuardFamilies)
// Pure function; thread-safe.

#include <vector>

#include "exporter/metrics/cardinality_guard.h"
#include "exporter/metrics/family_text.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

// Appends the families above for `snapshot` (families without samples are still appended,
// empty, so the merger keeps a stable order).
void RenderDomainFamilies(const DomainSnapshot& snapshot, std::vector<FamilyText>& out);

// Appends five9_exporter_series_dropped and five9_exporter_columns_dropped {domain,type}:
// what the cardinality guard dropped from each of the domain's types (0 when nothing).
void RenderGuardFamilies(std::string_view domain, const DroppedByType& dropped,
                         std::vector<FamilyText>& out);

}  // namespace five9exp
