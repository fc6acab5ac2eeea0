#include "exporter/web/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace five9exp {

RateLimiter::RateLimiter(Clock& clock, double rate_per_second, int burst)
    : clock_(clock), rate_(rate_per_second), burst_(std::max(1, burst)) {}

void RateLimiter::SetLimits(double rate_per_second, int burst) {
  std::lock_guard lock(mutex_);
  rate_ = rate_per_second;
  burst_ = std::max(1, burst);
  for (auto& [key, bucket] : buckets_) bucket.tokens = std::min(bucket.tokens, burst_);
}

bool RateLimiter::Allow(std::string_view key, std::chrono::seconds* retry_after) {
  const SteadyTime now = clock_.SteadyNow();
  std::lock_guard lock(mutex_);
  if (rate_ <= 0) return true;
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
  bucket.tokens = std::min(burst_, bucket.tokens + std::max(0.0, elapsed) * rate_);
  bucket.last = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return true;
  }
  const double wait = (1.0 - bucket.tokens) / rate_;
  *retry_after = std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
  return false;
}

}  // namespace five9exp
