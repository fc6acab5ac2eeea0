#include "exporter/common/clock.h"

namespace five9exp {

bool SystemClock::SleepUntil(SteadyTime deadline, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  const unsigned long generation = wake_generation_;
  return !cv_.wait_until(lock, stop, deadline, [&] { return wake_generation_ != generation; }) &&
         !stop.stop_requested();
}

void SystemClock::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  cv_.notify_all();
}

FakeClock::FakeClock(WallTime wall_start) : wall_start_(wall_start) {}

SteadyTime FakeClock::SteadyNow() const {
  std::lock_guard lock(mutex_);
  return SteadyTime(elapsed_);
}

WallTime FakeClock::WallNow() const {
  std::lock_guard lock(mutex_);
  return wall_start_ + std::chrono::duration_cast<WallTime::duration>(elapsed_);
}

bool FakeClock::SleepUntil(SteadyTime deadline, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  const unsigned long generation = wake_generation_;
  ++sleepers_;
  cv_.notify_all();
  const bool woken = cv_.wait(lock, stop, [&] {
    return SteadyTime(elapsed_) >= deadline || wake_generation_ != generation;
  });
  --sleepers_;
  return woken && SteadyTime(elapsed_) >= deadline && !stop.stop_requested();
}

void FakeClock::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  cv_.notify_all();
}

void FakeClock::Advance(std::chrono::nanoseconds delta) {
  {
    std::lock_guard lock(mutex_);
    elapsed_ += delta;
  }
  cv_.notify_all();
}

int FakeClock::sleepers() const {
  std::lock_guard lock(mutex_);
  return sleepers_;
}

}  // namespace five9exp
