#include "exporter/metrics/cardinality_guard.h"

#include <algorithm>

namespace five9exp {
namespace {

struct Candidate {
  size_t table = 0;  // into the GuardedTable list
  const ColumnFamily* family = nullptr;
};

bool Older(const Candidate& a, const Candidate& b) {
  return a.family->sequence < b.family->sequence;
}

}  // namespace

GuardVerdict GuardCardinality(const std::vector<GuardedTable>& tables, const LimitsConfig& limits) {
  GuardVerdict verdict;
  verdict.dropped.resize(tables.size());
  auto drop = [&](const Candidate& candidate) {
    const GuardedTable& guarded = tables[candidate.table];
    verdict.dropped[candidate.table][candidate.family->family_index] = true;
    DroppedFamilies& count = verdict.by_type[guarded.type];
    ++count.columns;
    count.series += candidate.family->samples;
  };

  // Per type: the oldest max_columns_per_type column families stay.
  std::map<StatisticType, std::vector<Candidate>> by_type;
  for (size_t t = 0; t < tables.size(); ++t) {
    const RenderedTable& table = *tables[t].table;
    verdict.dropped[t].assign(table.families.size(), false);
    verdict.by_type.try_emplace(tables[t].type);
    auto& candidates = by_type[tables[t].type];
    for (const ColumnFamily& family : table.column_families) candidates.push_back({t, &family});
  }
  std::vector<Candidate> kept;
  for (auto& [type, candidates] : by_type) {
    std::sort(candidates.begin(), candidates.end(), Older);
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (i < limits.max_columns_per_type) {
        kept.push_back(candidates[i]);
      } else {
        drop(candidates[i]);
      }
    }
  }

  // Across the domain: the oldest families that fit the series cap; from the first one that
  // does not fit, every newer one goes too (a smaller newer family never takes the place of
  // an older one, so a family does not come and go as others grow).
  std::sort(kept.begin(), kept.end(), Older);
  size_t series = 0;
  bool full = false;
  for (const Candidate& candidate : kept) {
    full = full || series + candidate.family->samples > limits.max_series_per_domain;
    if (full) {
      drop(candidate);
    } else {
      series += candidate.family->samples;
    }
  }
  return verdict;
}

}  // namespace five9exp
