#include "exporter/common/clock.h"

#include <gtest/gtest.h>

#include <thread>

#include "exporter/testing/wait.h"

namespace five9exp {
namespace {

using std::chrono::seconds;

TEST(FakeClockTest, SleepReturnsOnlyAfterAdvancePastDeadline) {
  FakeClock clock;
  const SteadyTime deadline = clock.SteadyNow() + seconds(10);
  std::atomic<bool> done{false};
  std::jthread sleeper([&](std::stop_token stop) {
    EXPECT_TRUE(clock.SleepUntil(deadline, stop));
    done = true;
  });
  ASSERT_TRUE(WaitUntil([&] { return clock.sleepers() == 1; }));
  clock.Advance(seconds(5));
  EXPECT_FALSE(done.load());
  clock.Advance(seconds(5));
  sleeper.join();
  EXPECT_TRUE(done.load());
}

TEST(FakeClockTest, WakeInterruptsSleep) {
  FakeClock clock;
  std::jthread sleeper([&](std::stop_token stop) {
    EXPECT_FALSE(clock.SleepUntil(clock.SteadyNow() + seconds(100), stop));
  });
  ASSERT_TRUE(WaitUntil([&] { return clock.sleepers() == 1; }));
  clock.Wake();
}

TEST(FakeClockTest, StopInterruptsSleep) {
  FakeClock clock;
  std::jthread sleeper([&](std::stop_token stop) {
    EXPECT_FALSE(clock.SleepUntil(clock.SteadyNow() + seconds(100), stop));
  });
  ASSERT_TRUE(WaitUntil([&] { return clock.sleepers() == 1; }));
  sleeper.request_stop();
}

TEST(FakeClockTest, WallClockMovesWithSteady) {
  FakeClock clock;
  const WallTime w0 = clock.WallNow();
  clock.Advance(seconds(3));
  EXPECT_EQ(clock.WallNow() - w0, seconds(3));
}

TEST(SystemClockTest, StopTokenEndsSleepEarly) {
  SystemClock clock;
  std::stop_source source;
  source.request_stop();
  EXPECT_FALSE(clock.SleepUntil(clock.SteadyNow() + seconds(100), source.get_token()));
}

}  // namespace
}  // namespace five9exp
