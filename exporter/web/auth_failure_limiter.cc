#include "exporter/web/auth_failure_limiter.h"

#include <algorithm>
#include <cmath>

namespace five9exp {

void AuthFailureLimiter::Refill(Allowance& allowance, SteadyTime now) const {
  const double elapsed = std::chrono::duration<double>(now - allowance.last).count();
  allowance.attempts =
      std::min<double>(kBurst, allowance.attempts + elapsed / static_cast<double>(kRefill.count()));
  allowance.last = now;
}

bool AuthFailureLimiter::Allowed(std::string_view remote, std::chrono::seconds* retry_after) {
  const SteadyTime now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  auto it = by_remote_.find(remote);
  if (it == by_remote_.end()) return true;
  Refill(it->second, now);
  if (it->second.attempts >= 1) return true;
  const double missing = 1 - it->second.attempts;
  *retry_after = std::chrono::seconds(std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil(missing * static_cast<double>(kRefill.count())))));
  return false;
}

void AuthFailureLimiter::RecordFailure(std::string_view remote) {
  const SteadyTime now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  auto it = by_remote_.find(remote);
  if (it == by_remote_.end()) {
    if (by_remote_.size() >= kMaxAddresses) {
      for (auto entry = by_remote_.begin(); entry != by_remote_.end();) {
        Refill(entry->second, now);
        entry = entry->second.attempts >= kBurst ? by_remote_.erase(entry) : std::next(entry);
      }
      if (by_remote_.size() >= kMaxAddresses) by_remote_.clear();
    }
    it = by_remote_.emplace(std::string(remote), Allowance{kBurst, now}).first;
  }
  Refill(it->second, now);
  it->second.attempts = std::max(0.0, it->second.attempts - 1);
}

}  // namespace five9exp
