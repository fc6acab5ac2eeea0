#pragma once
// ReferenceRenderer: the statistic-table families rendered the slow, obvious way, through a
// prometheus-cpp Registry (one Gauge per series) and TextSerializer. It is the cross-check of
// the fast TableRenderer in tests and the baseline of the render benchmark; /metrics never
// uses it.
//
// Applies the same value rules (value_kind.h, metric_names.h): kind per column from its
// first non-missing value, first column wins a family name, unfit and missing values give
// no sample. Column filters and the state/info families are not covered.
// Not thread-safe; owns its registry.

#include <memory>
#include <string>

#include "exporter/statistics/snapshot.h"

namespace five9exp {

class ReferenceRenderer {
 public:
  ReferenceRenderer();
  ~ReferenceRenderer();

  // Adds one gauge per sample of `table` (labels domain and the object label).
  // `time_zone` is the domain's wall-clock offset from UTC.
  void AddTable(const std::string& domain, const TableSnapshot& table,
                std::chrono::milliseconds time_zone = std::chrono::milliseconds(0));

  // Registry::Collect + TextSerializer of everything added; "" if prometheus-cpp throws.
  std::string Render() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
