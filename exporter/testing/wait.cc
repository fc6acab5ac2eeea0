#include "exporter/testing/wait.h"

#include <thread>

namespace five9exp {
namespace {

using std::chrono::steady_clock;

// Short enough that a test waits little past the moment its condition holds, long enough
// that a waiting test leaves the (shared, two-core) machine to the threads it waits for.
constexpr auto kPollInterval = std::chrono::microseconds(100);

}  // namespace

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  while (steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return condition();
}

bool AdvanceUntil(FakeClock& clock, const std::function<bool()>& condition,
                  std::chrono::nanoseconds step, std::chrono::milliseconds timeout,
                  AfterStep after_step) {
  const auto deadline = steady_clock::now() + timeout;
  while (steady_clock::now() < deadline) {
    if (condition()) return true;
    if (clock.sleepers() == 0) {
      std::this_thread::sleep_for(kPollInterval);  // the thread under test is busy
      continue;
    }
    clock.Advance(step);
    if (after_step == AfterStep::kRace) continue;
    // Bounded: a woken thread may legitimately sleep on.
    const auto settle = steady_clock::now() + std::chrono::milliseconds(2);
    while (clock.sleepers() > 0 && steady_clock::now() < settle) std::this_thread::yield();
  }
  return condition();
}

}  // namespace five9exp
