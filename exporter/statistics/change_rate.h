#pragma once
// ChangeRateEstimator: how fast a statistic type changes, learned from what its polls return.
//
// Each getStatisticsUpdate answer says how many distinct objects changed since the previous
// poll of the type. Several changes of one object between two polls merge into one, so the
// count saturates at the table's row count; the estimator inverts that (n objects changing
// independently, k of them seen changed after t: about -n ln(1 - k/n) changes in t) and keeps
// exponentially decayed sums of changes and observed time, so the estimate follows a domain
// whose activity moves over minutes (time constant `half_life` / ln 2).
//
// Plain value type, no locking: owned by the scheduler (one poller thread or one test).

#include <chrono>
#include <cstddef>
#include <optional>

#include "exporter/common/clock.h"
#include "exporter/five9/types.h"

namespace five9exp {

class ChangeRateEstimator {
 public:
  explicit ChangeRateEstimator(std::chrono::seconds half_life = std::chrono::seconds(180));

  // Starts (or restarts, after a full load) the observed time at `now`: the next poll covers
  // the time since then. Keeps what was learned before.
  void Restart(SteadyTime now);
  // A poll answered at `now`: `changed_objects` distinct objects of a table of `rows` rows
  // changed since the previous answer (or the Restart).
  void Observe(SteadyTime now, size_t changed_objects, size_t rows);

  // Changes per second. A prior of one change per minute, worth ten seconds of observation,
  // keeps an unobserved or silent type from an estimate of zero (the allocation would then
  // forget it).
  double PerSecond() const;

 private:
  double half_life_s_;
  double changes_ = 0;  // decayed sum of estimated changes
  double seconds_ = 0;  // decayed sum of observed time
  std::optional<SteadyTime> since_;
};

// Distinct objects an update touches: changed rows, added and deleted objects.
size_t CountChangedObjects(const StatisticsUpdate& update);

}  // namespace five9exp
