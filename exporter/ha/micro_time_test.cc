#include "exporter/ha/micro_time.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

TEST(MicroTimeTest, FormatsSixFractionDigitsInUtc) {
  const WallTime t = WallTime(seconds(1'764'630'833)) + microseconds(7);
  EXPECT_EQ(FormatMicroTime(t), "2025-12-01T23:13:53.000007Z");
  EXPECT_EQ(FormatMicroTime(WallTime(seconds(0))), "1970-01-01T00:00:00.000000Z");
}

TEST(MicroTimeTest, FormatTruncatesBelowMicroseconds) {
  const WallTime t = WallTime(seconds(1'764'630'833)) + std::chrono::nanoseconds(123'456'999);
  EXPECT_EQ(FormatMicroTime(t), "2025-12-01T23:13:53.123456Z");
}

TEST(MicroTimeTest, RoundTripsAtMicrosecondPrecision) {
  const WallTime t = WallTime(seconds(1'900'000'000)) + microseconds(654'321);
  Result<WallTime> back = ParseMicroTime(FormatMicroTime(t));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, t);
}

TEST(MicroTimeTest, ParsesRfc3339Variants) {
  const WallTime base = WallTime(seconds(1'764'630'833));
  EXPECT_EQ(*ParseMicroTime("2025-12-01T23:13:53Z"), base);
  EXPECT_EQ(*ParseMicroTime("2025-12-01T23:13:53.5Z"), base + microseconds(500'000));
  EXPECT_EQ(*ParseMicroTime("2025-12-01T23:13:53.123456789Z"), base + microseconds(123'456));
  EXPECT_EQ(*ParseMicroTime("2025-12-02T01:13:53+02:00"), base);
  EXPECT_EQ(*ParseMicroTime("2025-12-01T20:43:53-02:30"), base);
}

TEST(MicroTimeTest, RejectsMalformedTimesWithAReason) {
  for (const char* bad :
       {"", "2025-12-01", "2025-12-01 23:13:53Z", "2025-13-01T23:13:53Z", "2025-02-30T00:00:00Z",
        "2025-12-01T24:00:00Z", "2025-12-01T23:13:53", "2025-12-01T23:13:53.Z",
        "2025-12-01T23:13:53.1234567890Z", "2025-12-01T23:13:53Zjunk", "2025-12-01T23:13:53+2:00",
        "abcd-ef-ghTij:kl:mnZ",
        // Years a 64-bit nanosecond clock cannot hold (fuzz reproducer: signed overflow).
        "1013-12-01T10:00:05.123456Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"}) {
    Result<WallTime> parsed = ParseMicroTime(bad);
    EXPECT_FALSE(parsed) << bad;
    if (!parsed) {
      EXPECT_EQ(parsed.error().code, ErrorCode::kMalformedResponse);
      EXPECT_NE(parsed.error().message.find("RFC 3339"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace five9exp
