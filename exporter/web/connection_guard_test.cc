#include "exporter/web/connection_guard.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using TimePoint = ConnectionGuard::TimePoint;

ConnectionLimits Limits(size_t per_address, size_t total) {
  ConnectionLimits limits;
  limits.read_header_timeout = seconds(5);
  limits.idle_timeout = seconds(90);
  limits.max_connections_per_address = per_address;
  limits.max_connections = total;
  return limits;
}

TEST(ConnectionGuardTest, HeadDeadlineCountsFromTheAcceptHoweverBytesArrive) {
  ConnectionGuard guard(Limits(64, 1024));
  const TimePoint t0{};
  const auto id = guard.Admit("127.0.0.1", t0).id;
  ASSERT_TRUE(id);
  EXPECT_EQ(guard.NextDeadline(), t0 + seconds(5));
  // A trickling client is still kReading: nothing restarts its deadline.
  guard.StartReading(*id, t0 + seconds(4));
  EXPECT_TRUE(guard.Expire(t0 + seconds(5) - milliseconds(1)).empty());
  const auto drops = guard.Expire(t0 + seconds(5));
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].id, *id);
  EXPECT_EQ(drops[0].reason, DropReason::kHeaderTimeout);
  EXPECT_EQ(guard.Counts(), ConnectionCounts{});
}

TEST(ConnectionGuardTest, IdleDeadlineAndANewRequestRestartsTheHeadDeadline) {
  ConnectionGuard guard(Limits(64, 1024));
  const TimePoint t0{};
  const auto id = *guard.Admit("127.0.0.1", t0).id;
  guard.StartActive(id);
  EXPECT_FALSE(guard.NextDeadline());  // a served request has no deadline here
  EXPECT_TRUE(guard.Expire(t0 + seconds(60)).empty());
  guard.StartIdle(id, t0 + seconds(60));
  EXPECT_EQ(guard.Counts(), (ConnectionCounts{1, 0, 0, 1}));
  guard.StartReading(id, t0 + seconds(100));
  EXPECT_EQ(guard.NextDeadline(), t0 + seconds(105));
  guard.StartActive(id);
  guard.StartIdle(id, t0 + seconds(101));
  const auto drops = guard.Expire(t0 + seconds(191));
  ASSERT_EQ(drops.size(), 1u);
  EXPECT_EQ(drops[0].reason, DropReason::kIdleTimeout);
}

TEST(ConnectionGuardTest, PerAddressLimitEvictsThatAddressesOldestIdleThenOldestReading) {
  ConnectionGuard guard(Limits(3, 1024));
  const TimePoint t0{};
  const auto reading_old = *guard.Admit("10.0.0.1", t0).id;
  const auto idle_new = *guard.Admit("10.0.0.1", t0 + seconds(1)).id;
  const auto other = *guard.Admit("10.0.0.2", t0 + seconds(1)).id;
  const auto active = *guard.Admit("10.0.0.1", t0 + seconds(2)).id;
  guard.StartActive(idle_new);
  guard.StartIdle(idle_new, t0 + seconds(3));
  guard.StartActive(active);

  auto admission = guard.Admit("10.0.0.1", t0 + seconds(4));
  ASSERT_TRUE(admission.id);
  ASSERT_EQ(admission.evicted.size(), 1u);
  EXPECT_EQ(admission.evicted[0].id, idle_new);  // idle goes before an older reading one
  EXPECT_EQ(admission.evicted[0].reason, DropReason::kPerAddressLimit);

  admission = guard.Admit("10.0.0.1", t0 + seconds(5));
  ASSERT_TRUE(admission.id);
  ASSERT_EQ(admission.evicted.size(), 1u);
  EXPECT_EQ(admission.evicted[0].id, reading_old);
  (void)other;
}

TEST(ConnectionGuardTest, RefusesOnlyWhenEveryCandidateServesARequest) {
  ConnectionGuard guard(Limits(2, 1024));
  const TimePoint t0{};
  guard.StartActive(*guard.Admit("10.0.0.1", t0).id);
  guard.StartActive(*guard.Admit("10.0.0.1", t0).id);
  const auto admission = guard.Admit("10.0.0.1", t0);
  EXPECT_FALSE(admission.id);
  EXPECT_TRUE(admission.evicted.empty());
  EXPECT_EQ(admission.refused, DropReason::kPerAddressLimit);
  EXPECT_TRUE(guard.Admit("10.0.0.2", t0).id);  // other addresses are unaffected
  EXPECT_EQ(guard.Counts(), (ConnectionCounts{3, 1, 2, 0}));
}

TEST(ConnectionGuardTest, TotalLimitEvictsTheOldestIdleOfAnyAddress) {
  ConnectionGuard guard(Limits(64, 3));
  const TimePoint t0{};
  const auto a = *guard.Admit("10.0.0.1", t0).id;
  const auto b = *guard.Admit("10.0.0.2", t0).id;
  const auto c = *guard.Admit("10.0.0.3", t0).id;
  for (auto id : {a, b, c}) guard.StartActive(id);
  guard.StartIdle(b, t0 + seconds(1));
  guard.StartIdle(a, t0 + seconds(2));
  auto admission = guard.Admit("10.0.0.4", t0 + seconds(3));
  ASSERT_TRUE(admission.id);
  ASSERT_EQ(admission.evicted.size(), 1u);
  EXPECT_EQ(admission.evicted[0].id, b);
  EXPECT_EQ(admission.evicted[0].reason, DropReason::kTotalLimit);
  EXPECT_EQ(guard.Counts().open, 3);
  // Removing frees the address's share as well.
  guard.Remove(a);
  guard.Remove(a);  // unknown ids are ignored
  EXPECT_EQ(guard.Counts(), (ConnectionCounts{2, 1, 1, 0}));
}

TEST(ConnectionGuardTest, DropReasonNamesAreTheMetricLabels) {
  EXPECT_EQ(DropReasonName(DropReason::kHeaderTimeout), "header_timeout");
  EXPECT_EQ(DropReasonName(DropReason::kIdleTimeout), "idle_timeout");
  EXPECT_EQ(DropReasonName(DropReason::kPerAddressLimit), "per_address_limit");
  EXPECT_EQ(DropReasonName(DropReason::kTotalLimit), "total_limit");
}

}  // namespace
}  // namespace five9exp
