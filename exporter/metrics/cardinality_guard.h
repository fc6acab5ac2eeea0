#pragma once
// The cardinality guard (SPEC "Numbers users can trust"): keeps one domain's statistic
// families under `domains[].limits`. It only ever drops whole column families (a family
// is one statistic column: `five9_<subsystem>_<column><suffix>`), never a part of one, and
// always the newest columns first (ColumnFamily::sequence), so what survives is stable
// from render to render and a column that appears at run time (a custom disposition in
// AgentStatistics) is the first to go. The caps count only column-family samples: state,
// info and the exporter's own families are never dropped.
//
// The guard runs after each domain's tables are rendered and before their families are
// merged into the body (Exposition), so the renderers keep their caches whole and a larger
// cap on reload brings the families back at once.
// Pure function; thread-safe.

#include <map>
#include <vector>

#include "exporter/config/config.h"
#include "exporter/five9/types.h"
#include "exporter/metrics/table_renderer.h"

namespace five9exp {

// What the guard dropped from one statistic type in one render.
struct DroppedFamilies {
  size_t columns = 0;  // column families dropped whole
  size_t series = 0;   // their samples
  bool operator==(const DroppedFamilies&) const = default;
};
using DroppedByType = std::map<StatisticType, DroppedFamilies>;

// One rendered table of the domain, as the guard sees it. `table` is not owned.
struct GuardedTable {
  StatisticType type = StatisticType::kAgentState;
  const RenderedTable* table = nullptr;
};

struct GuardVerdict {
  // Per GuardedTable, per RenderedTable::families index: true when dropped.
  std::vector<std::vector<bool>> dropped;
  // Every guarded type, zero when nothing of it was dropped.
  DroppedByType by_type;
};

// Drops, per type, the newest column families beyond `limits.max_columns_per_type`; then,
// across the domain, keeps the oldest column families whose samples together fit
// `limits.max_series_per_domain` and drops every newer one.
GuardVerdict GuardCardinality(const std::vector<GuardedTable>& tables, const LimitsConfig& limits);

}  // namespace five9exp
