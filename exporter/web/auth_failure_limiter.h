#pragma once
// AuthFailureLimiter: throttles token guessing per remote address. Each address may fail
// authentication kBurst times, then one more time every kRefill; while it has no attempt
// left every admin request from it is answered 429 (Retry-After) without looking at the
// token, so a correct guess cannot be confirmed either. Successes never refill.
//
// Memory is bounded: beyond kMaxAddresses the addresses that are back to a full allowance
// are forgotten (and, if that is not enough, all of them).
//
// Thread-safe. Time comes from the injected Clock.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"

namespace five9exp {

class AuthFailureLimiter {
 public:
  static constexpr int kBurst = 10;
  static constexpr std::chrono::seconds kRefill{6};  // 10 failures a minute on average
  static constexpr size_t kMaxAddresses = 10'000;

  explicit AuthFailureLimiter(Clock& clock) : clock_(clock) {}

  // False while `remote` has no attempt left; then `*retry_after` is the whole seconds
  // until it has one (>= 1).
  bool Allowed(std::string_view remote, std::chrono::seconds* retry_after);
  // Spends one attempt of `remote`.
  void RecordFailure(std::string_view remote);

 private:
  struct Allowance {
    double attempts = kBurst;
    SteadyTime last{};
  };
  // Refills `allowance` up to now. Caller holds mutex_.
  void Refill(Allowance& allowance, SteadyTime now) const;

  Clock& clock_;
  std::mutex mutex_;
  // State below is protected by mutex_.
  std::map<std::string, Allowance, std::less<>> by_remote_;
};

}  // namespace five9exp
