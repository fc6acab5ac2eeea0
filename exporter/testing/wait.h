#pragma once
// Waiting in tests without fixed sleeps: every wait is on a condition, bounded by a real
// deadline so a broken test fails instead of hanging (f9_test_support).

#include <chrono>
#include <functional>

#include "exporter/common/clock.h"

namespace five9exp {

// Checks `condition` until it holds or `timeout` of real time has passed, pausing briefly
// between checks; returns the condition's last value.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(20));

// What AdvanceUntil does after each step of the clock.
enum class AfterStep {
  // Let the woken thread leave its sleep (up to 2 ms) before time moves again, so time does
  // not race far past the deadline it slept for: for tests that check how long it slept.
  kSettle,
  // Step again at once: for tests that only need much fake time to pass (long back-offs
  // between real HTTP calls), where settling would cost milliseconds per step.
  kRace,
};

// The same while driving `clock`: whenever a thread sleeps on it, advances it by `step`.
bool AdvanceUntil(FakeClock& clock, const std::function<bool()>& condition,
                  std::chrono::nanoseconds step,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20),
                  AfterStep after_step = AfterStep::kSettle);

}  // namespace five9exp
