#include "exporter/statistics/change_rate.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

namespace five9exp {

namespace {
// One change a minute, worth ten seconds of observation: enough to never be zero, too
// little to bias a learned rate (the decayed observation is worth ~260 s).
constexpr double kPriorChanges = 1.0 / 6;
constexpr double kPriorSeconds = 10;
}  // namespace

ChangeRateEstimator::ChangeRateEstimator(std::chrono::seconds half_life)
    : half_life_s_(static_cast<double>(std::max<int64_t>(1, half_life.count()))) {}

void ChangeRateEstimator::Restart(SteadyTime now) { since_ = now; }

void ChangeRateEstimator::Observe(SteadyTime now, size_t changed_objects, size_t rows) {
  if (!since_) {
    since_ = now;
    return;
  }
  const double dt = std::max(0.0, std::chrono::duration<double>(now - *since_).count());
  since_ = now;
  const double n = static_cast<double>(std::max(rows, changed_objects));
  const double k = static_cast<double>(changed_objects);
  // Saturated (every row changed): the inversion diverges; count as if half an object had
  // stayed unchanged, the most the answer can prove.
  const double unchanged = std::max(n - k, 0.5);
  const double changes = n > 0 ? n * std::log(n / unchanged) : 0;
  const double decay = std::exp2(-dt / half_life_s_);
  changes_ = changes_ * decay + changes;
  seconds_ = seconds_ * decay + dt;
}

double ChangeRateEstimator::PerSecond() const {
  return (changes_ + kPriorChanges) / (seconds_ + kPriorSeconds);
}

size_t CountChangedObjects(const StatisticsUpdate& update) {
  std::unordered_set<std::string_view> objects;
  // Five9 lists an object's items together: skip repeats cheaply before hashing.
  std::string_view last;
  for (const ItemUpdate& item : update.data_update) {
    if (item.object_name == last) continue;
    last = item.object_name;
    objects.insert(last);
  }
  for (const std::string& name : update.added_objects) objects.insert(name);
  for (const std::string& name : update.deleted_objects) objects.insert(name);
  return objects.size();
}

}  // namespace five9exp
