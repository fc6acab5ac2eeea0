#pragma once
// Clock: the time seam. Production uses SystemClock; tests use FakeClock and
// advance it instead of sleeping.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace five9exp {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time for scheduling, windows and ages.
  virtual SteadyTime SteadyNow() const = 0;
  // Wall-clock time for exported timestamps.
  virtual WallTime WallNow() const = 0;
  // Blocks until `deadline` or until `stop` is requested or Wake() is called.
  // Returns false when woken early by stop or Wake.
  virtual bool SleepUntil(SteadyTime deadline, std::stop_token stop) = 0;
  // Interrupts every SleepUntil in progress (e.g. an admin call was queued).
  virtual void Wake() = 0;
};

// The real clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  SteadyTime SteadyNow() const override { return std::chrono::steady_clock::now(); }
  WallTime WallNow() const override { return std::chrono::system_clock::now(); }
  bool SleepUntil(SteadyTime deadline, std::stop_token stop) override;
  void Wake() override;

 private:
  std::mutex mutex_;
  std::condition_variable_any cv_;
  unsigned long wake_generation_ = 0;  // guarded by mutex_
};

// A clock that moves only when told. SleepUntil blocks until another thread
// advances the clock past the deadline (or stop/Wake). Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime wall_start = WallTime(std::chrono::seconds(1'800'000'000)));
  SteadyTime SteadyNow() const override;
  WallTime WallNow() const override;
  bool SleepUntil(SteadyTime deadline, std::stop_token stop) override;
  void Wake() override;

  void Advance(std::chrono::nanoseconds delta);
  // Number of threads currently blocked in SleepUntil; lets tests wait for quiescence.
  int sleepers() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable_any cv_;
  std::chrono::nanoseconds elapsed_{0};  // guarded by mutex_
  WallTime wall_start_;
  int sleepers_ = 0;                   // guarded by mutex_
  unsigned long wake_generation_ = 0;  // guarded by mutex_
};

}  // namespace five9exp
