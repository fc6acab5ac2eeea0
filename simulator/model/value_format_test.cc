#include "simulator/model/value_format.h"

#include <gtest/gtest.h>

namespace five9sim {
namespace {

constexpr int64_t kStart = 1'800'000'000'000;  // 2027-01-15 08:00:00 UTC

TEST(ValueFormatTest, FormatsLikeFive9) {
  EXPECT_EQ(FormatWallClock(0, 0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatWallClock(kStart, -7 * 3'600'000LL), "2027-01-15 01:00:00");
  EXPECT_EQ(FormatWallClock(-1000, 0), "1969-12-31 23:59:59");
  EXPECT_EQ(FormatMs(817255000), "817255000");
  EXPECT_EQ(FormatMs(-5), "0");
  EXPECT_EQ(FormatPair(12, 9), "12 (9)");
  EXPECT_EQ(FormatPercent(7, 8, "N/A"), "87.5%");
  EXPECT_EQ(FormatPercent(1, 3, "N/A"), "33.3%");
  EXPECT_EQ(FormatPercent(0, 0, "N/A"), "N/A");
  EXPECT_EQ(FormatAverageMs(10, 0), "0");
}

TEST(ValueFormatTest, WallClockAcrossLeapDaysAndCenturies) {
  EXPECT_EQ(FormatWallClock(1709208000LL * 1000, 0), "2024-02-29 12:00:00");
  EXPECT_EQ(FormatWallClock(951782400LL * 1000, 0), "2000-02-29 00:00:00");
  EXPECT_EQ(FormatWallClock(4107542399LL * 1000, 0), "2100-02-28 23:59:59");
  EXPECT_EQ(FormatWallClock(4107542400LL * 1000, 0), "2100-03-01 00:00:00");
  // A negative offset reaches back across the missing 2100-02-29.
  EXPECT_EQ(FormatWallClock(4107542400LL * 1000, -3'600'000LL), "2100-02-28 23:00:00");
}

}  // namespace
}  // namespace five9sim
