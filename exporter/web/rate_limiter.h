#pragma once
// RateLimiter: one token bucket per admin token name (AdminConfig rate_limit_per_second
// and rate_limit_burst), so one noisy script cannot spend the domain's Five9 budget or
// starve other callers. Time comes from the injected Clock (FakeClock in tests).
//
// Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"

namespace five9exp {

class RateLimiter {
 public:
  // `rate_per_second` <= 0 disables limiting. `burst` is the bucket size (at least 1).
  RateLimiter(Clock& clock, double rate_per_second, int burst);

  // Takes one token from `key`'s bucket. On refusal returns false and sets
  // `*retry_after` to the whole seconds until a token is available (>= 1).
  bool Allow(std::string_view key, std::chrono::seconds* retry_after);

  // New limits (config reload); existing buckets are clamped to the new burst.
  void SetLimits(double rate_per_second, int burst);

 private:
  struct Bucket {
    double tokens = 0;
    SteadyTime last{};
  };

  Clock& clock_;
  std::mutex mutex_;
  // State below is protected by mutex_.
  double rate_;
  double burst_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace five9exp
