#include "exporter/metrics/value_kind.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

TEST(ValueKindTest, MissingValues) {
  EXPECT_TRUE(IsMissing(CellValue{}));
  EXPECT_TRUE(IsMissing(CellValue{""}));
  EXPECT_TRUE(IsMissing(CellValue{"N/A"}));
  EXPECT_TRUE(IsMissing(CellValue{"-"}));
  EXPECT_TRUE(IsMissing(CellValue{"  "}));
  EXPECT_FALSE(IsMissing(CellValue{"0"}));
  EXPECT_FALSE(IsMissing(CellValue{"-3"}));
}

TEST(ValueKindTest, DurationColumns) {
  EXPECT_TRUE(IsDurationColumn("Avg Talk Time"));
  EXPECT_TRUE(IsDurationColumn("State Duration"));
  EXPECT_TRUE(IsDurationColumn("Current Longest Queue Time"));
  EXPECT_TRUE(IsDurationColumn("Avg Speed Of Answer"));
  EXPECT_FALSE(IsDurationColumn("State Since"));
  EXPECT_FALSE(IsDurationColumn("Total Calls"));
  EXPECT_FALSE(IsDurationColumn("Timeouts"));
}

TEST(ValueKindTest, DecideKindFromNameAndFirstValue) {
  const auto t = StatisticType::kAgentStatistics;
  EXPECT_EQ(DecideKind(t, "Total Calls", "42"), ValueKind::kNumber);
  EXPECT_EQ(DecideKind(t, "Total Calls", "-3"), ValueKind::kNumber);
  EXPECT_EQ(DecideKind(t, "Total Calls", "12.5"), ValueKind::kNumber);
  EXPECT_EQ(DecideKind(t, "Avg Talk Time", "817255000"), ValueKind::kMilliseconds);
  EXPECT_EQ(DecideKind(t, "Login", "1:02:03"), ValueKind::kHms);
  EXPECT_EQ(DecideKind(t, "Last Login", "2026-11-28 13:59:42"), ValueKind::kTimestamp);
  EXPECT_EQ(DecideKind(t, "Occupancy", "12.5%"), ValueKind::kPercentage);
  EXPECT_EQ(DecideKind(t, "Agents Logged In", "12 (9)"), ValueKind::kPair);
  EXPECT_EQ(DecideKind(t, "Disposition Note", "Inbound"), ValueKind::kText);
  EXPECT_EQ(DecideKind(t, "Total Calls", "inf"), ValueKind::kText);  // not a number spelling
  EXPECT_EQ(DecideKind(t, "Total Calls", "N/A"), ValueKind::kUndecided);
  EXPECT_EQ(DecideKind(t, "Username", "42"), ValueKind::kNotNumeric);
  EXPECT_EQ(DecideKind(t, "Full Name", "42"), ValueKind::kNotNumeric);
  EXPECT_EQ(DecideKind(StatisticType::kAgentState, "State", "1"), ValueKind::kNotNumeric);
  EXPECT_EQ(DecideKind(StatisticType::kAgentState, "Reason Code", "7"), ValueKind::kNotNumeric);
  EXPECT_EQ(DecideKind(StatisticType::kAcdStatus, "Skill Name", "7"), ValueKind::kNotNumeric);
  EXPECT_EQ(DecideKind(StatisticType::kAgentState, "Campaign Name", "2024"),
            ValueKind::kNotNumeric);
}

TEST(ValueKindTest, SuffixesAndSamples) {
  const milliseconds utc{0};
  EXPECT_EQ(KindSuffix(ValueKind::kNumber), "");
  EXPECT_EQ(KindSuffix(ValueKind::kPair), "");
  EXPECT_EQ(KindSuffix(ValueKind::kMilliseconds), "_seconds");
  EXPECT_EQ(KindSuffix(ValueKind::kHms), "_seconds");
  EXPECT_EQ(KindSuffix(ValueKind::kTimestamp), "_timestamp_seconds");
  EXPECT_EQ(KindSuffix(ValueKind::kPercentage), "_ratio");
  EXPECT_EQ(ParseSample(ValueKind::kMilliseconds, true, "817255000", utc), 817255.0);
  EXPECT_EQ(ParseSample(ValueKind::kMilliseconds, true, "1500", utc), 1.5);
  EXPECT_EQ(ParseSample(ValueKind::kHms, false, "227:00:55", utc), 817255.0);
  EXPECT_EQ(ParseSample(ValueKind::kHms, false, "1:02:03", utc), 3723.0);
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "12.5%", utc), 0.125);
  EXPECT_EQ(ParseSample(ValueKind::kPair, false, "12 (9)", utc), 12.0);
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "-3", utc), -3.0);
}

TEST(ValueKindTest, CompatibleSpellingsAndMisfits) {
  const milliseconds utc{0};
  // Pair and number share family and unit.
  EXPECT_EQ(ParseSample(ValueKind::kPair, false, "7", utc), 7.0);
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "7 (3)", utc), 7.0);
  // H:MM:SS fits a milliseconds column, a bare integer fits H:MM:SS only in a duration column.
  EXPECT_EQ(ParseSample(ValueKind::kMilliseconds, true, "0:00:02", utc), 2.0);
  EXPECT_EQ(ParseSample(ValueKind::kHms, true, "2000", utc), 2.0);
  EXPECT_EQ(ParseSample(ValueKind::kHms, false, "2000", utc), std::nullopt);
  // Plain misfits.
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "12.5%", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "12.5", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kTimestamp, false, "yesterday", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kHms, false, "1:60:00", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "nan", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "1e5", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kText, false, "42", utc), std::nullopt);
}

TEST(ValueKindTest, WallClockInDomainTimeZone) {
  // 2026-11-28 13:59:42 UTC is 1795874382.
  EXPECT_EQ(ParseWallClock("2026-11-28 13:59:42", milliseconds(0)), 1795874382.0);
  // The same wall clock at UTC-7 is seven hours later in UTC.
  EXPECT_EQ(ParseWallClock("2026-11-28 13:59:42", hours(-7)), 1795874382.0 + 7 * 3600);
  EXPECT_EQ(ParseWallClock("1970-01-01 00:00:00", hours(2)), -7200.0);
  EXPECT_EQ(ParseWallClock("2026-13-01 00:00:00", milliseconds(0)), std::nullopt);
  EXPECT_EQ(ParseWallClock("2026-11-28T13:59:42", milliseconds(0)), std::nullopt);
}

}  // namespace
}  // namespace five9exp
