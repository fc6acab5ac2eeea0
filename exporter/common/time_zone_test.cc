#include "exporter/common/time_zone.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Unix seconds of a UTC civil time, computed independently of the code under test.
int64_t Utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = static_cast<int>(m) - 1;
  tm.tm_mday = static_cast<int>(d);
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  return static_cast<int64_t>(timegm(&tm));  // UTC: independent of the machine's TZ
}

// Local civil time as milliseconds since 1970-01-01 00:00 local.
int64_t Local(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return Utc(y, m, d, hh, mm, ss) * 1000;
}

TimeZone LosAngeles() {
  auto zone = TimeZone::Named("America/Los_Angeles");
  if (!zone) {
    ADD_FAILURE() << zone.error().message << " (install tzdata: scripts/install-deps.sh)";
    return TimeZone{};
  }
  return *zone;
}

TEST(TimeZoneTest, FixedOffsetIsTodaysBehaviour) {
  const TimeZone zone = TimeZone::Fixed(hours(-7));
  EXPECT_TRUE(zone.fixed());
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 7, 15, 12, 0, 0)), Utc(2026, 7, 15, 19, 0, 0) * 1000);
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 12, 15, 12, 0, 0)), Utc(2026, 12, 15, 19, 0, 0) * 1000);
  EXPECT_EQ(zone.OffsetAt(WallTime(seconds(Utc(2026, 12, 15, 0, 0, 0)))), hours(-7));
  EXPECT_FALSE(zone.NextTransition(WallTime(seconds(0))).has_value());
}

TEST(TimeZoneTest, JulyAndDecemberInLosAngeles) {
  const TimeZone zone = LosAngeles();
  ASSERT_FALSE(zone.fixed());
  EXPECT_EQ(zone.name(), "America/Los_Angeles");
  // PDT (UTC-7) in July, PST (UTC-8) in December.
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 7, 15, 12, 0, 0)), Utc(2026, 7, 15, 19, 0, 0) * 1000);
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 12, 15, 12, 0, 0)), Utc(2026, 12, 15, 20, 0, 0) * 1000);
  EXPECT_EQ(zone.OffsetAt(WallTime(seconds(Utc(2026, 7, 15, 0, 0, 0)))), hours(-7));
  EXPECT_EQ(zone.OffsetAt(WallTime(seconds(Utc(2026, 12, 15, 0, 0, 0)))), hours(-8));
}

TEST(TimeZoneTest, RepeatedHourReadsAsTheEarlierOne) {
  const TimeZone zone = LosAngeles();
  // 2026-11-01 01:30 happens at 08:30 UTC (PDT) and again at 09:30 UTC (PST).
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 11, 1, 1, 30, 0)), Utc(2026, 11, 1, 8, 30, 0) * 1000);
  // Just outside the hour both sides are unique.
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 11, 1, 0, 59, 59)), Utc(2026, 11, 1, 7, 59, 59) * 1000);
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 11, 1, 2, 0, 0)), Utc(2026, 11, 1, 10, 0, 0) * 1000);
}

TEST(TimeZoneTest, SkippedHourReadsWithTheOffsetBeforeTheGap) {
  const TimeZone zone = LosAngeles();
  // 2026-03-08 02:00..02:59 local does not exist (clocks jump from 02:00 PST to 03:00 PDT).
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 3, 8, 2, 30, 0)), Utc(2026, 3, 8, 10, 30, 0) * 1000);
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 3, 8, 1, 59, 59)), Utc(2026, 3, 8, 9, 59, 59) * 1000);
  EXPECT_EQ(zone.LocalToUnixMs(Local(2026, 3, 8, 3, 0, 0)), Utc(2026, 3, 8, 10, 0, 0) * 1000);
}

TEST(TimeZoneTest, NextTransitionIsTheInstantTheOffsetChanges) {
  const TimeZone zone = LosAngeles();
  const WallTime july(seconds(Utc(2026, 7, 15, 0, 0, 0)));
  const auto fall = zone.NextTransition(july);
  ASSERT_TRUE(fall.has_value());
  EXPECT_EQ(*fall, WallTime(seconds(Utc(2026, 11, 1, 9, 0, 0))));  // 02:00 PDT -> 01:00 PST
  EXPECT_EQ(zone.OffsetAt(*fall), hours(-8));
  EXPECT_EQ(zone.OffsetAt(*fall - seconds(1)), hours(-7));
  const auto spring = zone.NextTransition(*fall);
  ASSERT_TRUE(spring.has_value());
  EXPECT_EQ(*spring, WallTime(seconds(Utc(2027, 3, 14, 10, 0, 0))));  // 02:00 PST -> 03:00 PDT
}

TEST(TimeZoneTest, UnknownNameIsAClearError) {
  auto zone = TimeZone::Named("Mars/Olympus_Mons");
  ASSERT_FALSE(zone.has_value());
  EXPECT_NE(zone.error().message.find("Mars/Olympus_Mons"), std::string::npos);
}

TEST(TimeZoneTest, UtcHasNoTransitions) {
  auto zone = TimeZone::Named("UTC");
  ASSERT_TRUE(zone.has_value()) << zone.error().message;
  EXPECT_EQ(zone->OffsetAt(WallTime(seconds(Utc(2026, 7, 1, 0, 0, 0)))), milliseconds(0));
  EXPECT_FALSE(zone->NextTransition(WallTime(seconds(Utc(2026, 7, 1, 0, 0, 0)))).has_value());
}

}  // namespace
}  // namespace five9exp
