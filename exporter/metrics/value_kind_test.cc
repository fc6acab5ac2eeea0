#include "exporter/metrics/value_kind.h"

#include <gtest/gtest.h>

#include "exporter/config/config.h"

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
  EXPECT_EQ(DecideKind(t, "Balance", "inf"), ValueKind::kText);  // not a number spelling
  EXPECT_EQ(DecideKind(t, "Balance", "N/A"), ValueKind::kUndecided);
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
  EXPECT_EQ(ParseSample(ValueKind::kTimestamp, false, "yesterday", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kHms, false, "1:60:00", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "nan", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kNumber, false, "1e5", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kText, false, "42", utc), std::nullopt);
}

TEST(ValueKindTest, NameRulesComeBeforeTheFirstValue) {
  const auto t = StatisticType::kAgentStatistics;
  // Times, durations, percentages and counts are known by name, whatever comes first.
  EXPECT_EQ(KindFromName(StatisticType::kAgentState, "State Since"), ValueKind::kTimestamp);
  EXPECT_EQ(KindFromName(StatisticType::kAgentState, "Reason Since"), ValueKind::kTimestamp);
  EXPECT_EQ(DecideKind(StatisticType::kAgentState, "State Since", "0"), ValueKind::kTimestamp);
  EXPECT_EQ(KindFromName(t, "Avg Handle Time"), ValueKind::kMilliseconds);
  EXPECT_EQ(DecideKind(t, "Avg Handle Time", "1:02:03"), ValueKind::kMilliseconds);
  EXPECT_EQ(KindFromName(t, "Service Level"), ValueKind::kPercentage);
  EXPECT_EQ(KindFromName(t, "Abandon Rate"), ValueKind::kPercentage);
  EXPECT_EQ(KindFromName(t, "Occupancy %"), ValueKind::kPercentage);
  EXPECT_EQ(KindFromName(t, "Percent Answered"), ValueKind::kPercentage);
  // The case: a percentage column whose first value is 0 stays a percentage.
  EXPECT_EQ(DecideKind(t, "Abandon Rate", "0"), ValueKind::kPercentage);
  EXPECT_EQ(KindFromName(t, "Total Calls"), ValueKind::kNumber);
  EXPECT_EQ(KindFromName(t, "Total Inbound Calls"), ValueKind::kNumber);
  EXPECT_EQ(KindFromName(StatisticType::kAcdStatus, "Calls In Queue"), ValueKind::kNumber);
  EXPECT_EQ(KindFromName(StatisticType::kAcdStatus, "Queue Callbacks"), ValueKind::kNumber);
  // A count written "X (Y)" stays a pair (same family, its own HELP).
  EXPECT_EQ(DecideKind(StatisticType::kAcdStatus, "Agents Logged In", "12 (9)"), ValueKind::kPair);
  EXPECT_EQ(DecideKind(StatisticType::kAcdStatus, "Agents Logged In", "12"), ValueKind::kNumber);
  // A count whose first value is missing is still a count (no later guess).
  EXPECT_EQ(DecideKind(t, "Total Calls", "N/A"), ValueKind::kNumber);
  // Name/word columns and unknown names.
  EXPECT_EQ(KindFromName(t, "Full Name"), ValueKind::kNotNumeric);
  EXPECT_EQ(KindFromName(t, "Occupancy"), std::nullopt);
  EXPECT_EQ(KindFromName(t, "Separate"), std::nullopt);  // "rate" only as a word
  EXPECT_EQ(KindFromName(t, "Moderately Busy"), std::nullopt);
}

TEST(ValueKindTest, PercentageSpellings) {
  const milliseconds utc{0};
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "12.5%", utc), 0.125);
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, " 100% ", utc), 1.0);
  // Bare numbers only reach here in a percentage column (named or pinned): read in percent.
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "12.5", utc), 0.125);
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "0", utc), 0.0);
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "12.5 %x", utc), std::nullopt);
  EXPECT_EQ(ParseSample(ValueKind::kPercentage, false, "%", utc), std::nullopt);
  // A column guessed from a bare number is a number, never a percentage.
  EXPECT_EQ(DecideKind(StatisticType::kAgentStatistics, "Occupancy", "12.5"), ValueKind::kNumber);
}

TEST(ValueKindTest, KindNamesRoundTrip) {
  for (ValueKind kind :
       {ValueKind::kNumber, ValueKind::kMilliseconds, ValueKind::kHms, ValueKind::kTimestamp,
        ValueKind::kPercentage, ValueKind::kPair, ValueKind::kText}) {
    ASSERT_FALSE(ValueKindName(kind).empty());
    EXPECT_EQ(ValueKindFromName(ValueKindName(kind)), kind);
  }
  EXPECT_EQ(ValueKindName(ValueKind::kUndecided), "");
  EXPECT_EQ(ValueKindName(ValueKind::kNotNumeric), "");
  EXPECT_EQ(ValueKindFromName("seconds"), std::nullopt);
  EXPECT_EQ(ValueKindFromName(""), std::nullopt);
  EXPECT_EQ(ValueKindFromName("milliseconds"), ValueKind::kMilliseconds);
  EXPECT_EQ(ValueKindFromName("duration"), ValueKind::kHms);
  // Every name the config accepts is one the renderer reads.
  for (std::string_view name : kPinnableValueKinds) {
    EXPECT_TRUE(ValueKindFromName(name).has_value()) << name;
  }
}

TEST(ValueKindTest, WallClockInAnIanaZone) {
  auto la = TimeZone::Named("America/Los_Angeles");
  ASSERT_TRUE(la.has_value()) << la.error().message;
  // July: PDT (UTC-7); December: PST (UTC-8). 2026-07-15 12:00:00 UTC = 1784116800.
  EXPECT_EQ(ParseWallClock("2026-07-15 12:00:00", *la), 1784116800.0 + 7 * 3600);
  // 2026-12-15 12:00:00 UTC = 1797336000.
  EXPECT_EQ(ParseWallClock("2026-12-15 12:00:00", *la), 1797336000.0 + 8 * 3600);
  EXPECT_EQ(ParseSample(ValueKind::kTimestamp, false, "2026-12-15 12:00:00", *la),
            1797336000.0 + 8 * 3600);
  // Fixed offsets are unchanged by the zone type.
  EXPECT_EQ(ParseWallClock("2026-07-15 12:00:00", TimeZone::Fixed(hours(-7))),
            1784116800.0 + 7 * 3600);
  EXPECT_EQ(ParseWallClock("2026-12-15 12:00:00", TimeZone::Fixed(hours(-7))),
            1797336000.0 + 7 * 3600);
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

TEST(ValueKindTest, WallClockAcrossLeapDaysAndCenturies) {
  EXPECT_EQ(ParseWallClock("2024-02-29 12:00:00", milliseconds(0)), 1709208000.0);
  EXPECT_EQ(ParseWallClock("2000-02-29 00:00:00", milliseconds(0)), 951782400.0);  // 400-year
  // 2100 is no leap year: the day after 02-28 is 03-01.
  EXPECT_EQ(ParseWallClock("2100-02-28 23:59:59", milliseconds(0)), 4107542399.0);
  EXPECT_EQ(ParseWallClock("2100-03-01 00:00:00", milliseconds(0)), 4107542400.0);
  // A day past the month's end counts on into the next month, as it always has.
  EXPECT_EQ(ParseWallClock("2026-02-31 00:00:00", milliseconds(0)),
            ParseWallClock("2026-03-03 00:00:00", milliseconds(0)));
  EXPECT_EQ(ParseWallClock("2026-03-03 00:00:00", milliseconds(0)), 1772496000.0);
}

}  // namespace
}  // namespace five9exp
