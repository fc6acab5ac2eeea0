#include "exporter/statistics/poll_allocation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "exporter/statistics/change_rate.h"

namespace five9exp {
namespace {

double Sum(const std::vector<double>& shares) {
  return std::accumulate(shares.begin(), shares.end(), 0.0);
}

TEST(PollAllocationTest, FixedWeightsKeepTheirShare) {
  const auto shares = AllocatePollShares({{false, 4}, {false, 1}, {false, 3}}, 0.01);
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_DOUBLE_EQ(shares[0], 0.5);
  EXPECT_DOUBLE_EQ(shares[1], 0.125);
  EXPECT_DOUBLE_EQ(shares[2], 0.375);
  EXPECT_TRUE(AllocatePollShares({}, 0.1).empty());
}

TEST(PollAllocationTest, AutoTypesFollowTheSquareRootRule) {
  // Equal importance, rates 16 : 4 : 1 (floors low enough not to bind): shares 4 : 2 : 1.
  const auto shares = AllocatePollShares({{true, 10, 16.0}, {true, 10, 4.0}, {true, 10, 1.0}}, 0.0);
  EXPECT_NEAR(Sum(shares), 1.0, 1e-12);
  // The guaranteed floor is 0.65 / 3 = 0.217: the slowest type is held there.
  EXPECT_NEAR(shares[2], kAutoGuaranteedFraction / 3, 1e-12);
  EXPECT_NEAR(shares[0] / shares[1], 2.0, 1e-9);
  // Importance multiplies the rate: importance 4 at rate 1 scores like importance 1 at
  // rate 4, but its guaranteed share is 0.65 x 4/5 = 0.52, which binds.
  const auto weighted = AllocatePollShares({{true, 4, 1.0}, {true, 1, 4.0}}, 0.0);
  EXPECT_NEAR(weighted[0], 0.52, 1e-12);
  EXPECT_NEAR(Sum(weighted), 1.0, 1e-12);
}

TEST(PollAllocationTest, MixedFixedAndAutoAndFloors) {
  // The fixed type keeps 2/4; the auto types share the other half, the silent one at its
  // guaranteed 0.65 x 1/4, the busy one the rest.
  const auto shares = AllocatePollShares({{false, 2}, {true, 1, 100.0}, {true, 1, 0.0}}, 0.0);
  EXPECT_DOUBLE_EQ(shares[0], 0.5);
  EXPECT_NEAR(shares[2], kAutoGuaranteedFraction * 0.25, 1e-12);
  EXPECT_NEAR(shares[1], 0.5 - kAutoGuaranteedFraction * 0.25, 1e-12);
  // min_share (the max_poll_interval floor) lifts a silent type above its guarantee.
  const auto floored = AllocatePollShares({{true, 1, 100.0}, {true, 1, 0.0}}, 0.4);
  EXPECT_NEAR(floored[1], 0.4, 1e-12);
  // Floors that cannot all be met are scaled down to fit.
  const auto crowded = AllocatePollShares({{true, 1, 0.0}, {true, 1, 0.0}}, 0.9);
  EXPECT_NEAR(crowded[0], 0.5, 1e-12);
  EXPECT_NEAR(crowded[1], 0.5, 1e-12);
}

TEST(ChangeRateTest, LearnsTheRateAndInvertsSaturation) {
  const SteadyTime t0 = SteadyTime(std::chrono::hours(1));
  ChangeRateEstimator rate;
  EXPECT_NEAR(rate.PerSecond(), 1.0 / 60, 1e-12) << "the prior";
  rate.Restart(t0);
  // 10 of 1000 rows changed every 5 s for an hour: about 2 changes a second.
  for (int i = 1; i <= 720; ++i) rate.Observe(t0 + std::chrono::seconds(5 * i), 10, 1000);
  const double expected = 1000 * std::log(1000.0 / 990) / 5;
  EXPECT_NEAR(rate.PerSecond(), expected, 0.05 * expected);
  // Half of the rows changed: more changes than objects (n ln 2 per poll).
  ChangeRateEstimator half;
  half.Restart(t0);
  for (int i = 1; i <= 720; ++i) half.Observe(t0 + std::chrono::seconds(5 * i), 50, 100);
  EXPECT_NEAR(half.PerSecond(), 100 * std::log(2.0) / 5, 0.05 * 100 * std::log(2.0) / 5);
  // A quiet hour forgets the busy past (half-life 3 minutes).
  const SteadyTime later = t0 + std::chrono::seconds(3600);
  for (int i = 1; i <= 720; ++i) half.Observe(later + std::chrono::seconds(5 * i), 0, 100);
  EXPECT_LT(half.PerSecond(), 0.02);
}

TEST(ChangeRateTest, CountsDistinctObjects) {
  StatisticsUpdate update;
  update.data_update = {{"a", "x", {}}, {"a", "y", {}}, {"b", "x", {}}, {"a", "z", {}}};
  update.added_objects = {"c"};
  update.deleted_objects = {"b", "d"};
  EXPECT_EQ(CountChangedObjects(update), 4u);  // a, b, c, d
}

}  // namespace
}  // namespace five9exp
