#include "exporter/testing/wait.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace five9exp {
namespace {

using namespace std::chrono_literals;

TEST(WaitUntilTest, ReturnsOnceTheConditionHolds) {
  std::atomic<bool> flag{false};
  std::jthread setter([&] { flag = true; });
  EXPECT_TRUE(WaitUntil([&] { return flag.load(); }));
}

TEST(WaitUntilTest, GivesUpAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(WaitUntil([] { return false; }, 20ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
}

TEST(AdvanceUntilTest, MovesTheFakeClockOnlyWhileSomeoneSleepsOnIt) {
  FakeClock clock;
  const SteadyTime start = clock.SteadyNow();
  std::atomic<int> woke{0};
  std::jthread sleeper([&](std::stop_token stop) {
    for (int i = 0; i < 3; ++i) {
      if (!clock.SleepUntil(clock.SteadyNow() + 10s, stop)) return;
      ++woke;
    }
  });
  EXPECT_TRUE(AdvanceUntil(
      clock, [&] { return woke == 3; }, 5s));
  EXPECT_GE(clock.SteadyNow() - start, 30s);
  sleeper.join();
  // Nobody sleeps now: time stands still however long the wait.
  const SteadyTime after = clock.SteadyNow();
  EXPECT_FALSE(AdvanceUntil(
      clock, [] { return false; }, 1s, 20ms));
  EXPECT_EQ(clock.SteadyNow(), after);
}

TEST(AdvanceUntilTest, RacingStepsCoverLongSpans) {
  FakeClock clock;
  const SteadyTime start = clock.SteadyNow();
  std::atomic<bool> woke{false};
  std::jthread sleeper(
      [&](std::stop_token stop) { woke = clock.SleepUntil(start + std::chrono::hours(1), stop); });
  EXPECT_TRUE(AdvanceUntil(
      clock, [&] { return woke.load(); }, 1s, 20s, AfterStep::kRace));
  EXPECT_GE(clock.SteadyNow() - start, std::chrono::hours(1));
}

}  // namespace
}  // namespace five9exp
