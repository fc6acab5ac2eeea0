#include "exporter/config/duration.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

using std::chrono::milliseconds;

milliseconds Parse(std::string_view text) {
  auto d = ParseDuration(text);
  EXPECT_TRUE(d.has_value()) << text << ": " << (d ? "" : d.error().message);
  return d.value_or(milliseconds(-123456789));
}

TEST(DurationTest, ParsesUnitsSignsAndCompounds) {
  EXPECT_EQ(Parse("30s"), milliseconds(30'000));
  EXPECT_EQ(Parse("8h"), milliseconds(8 * 3600 * 1000));
  EXPECT_EQ(Parse("-7h"), milliseconds(-7 * 3600 * 1000));
  EXPECT_EQ(Parse("+2m"), milliseconds(120'000));
  EXPECT_EQ(Parse("500ms"), milliseconds(500));
  EXPECT_EQ(Parse("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(Parse("1m500ms"), milliseconds(60'500));
  EXPECT_EQ(Parse("1d"), milliseconds(86'400'000));
  EXPECT_EQ(Parse("1.5h"), milliseconds(5'400'000));
  EXPECT_EQ(Parse(".5s"), milliseconds(500));
  EXPECT_EQ(Parse("0.001s"), milliseconds(1));
  EXPECT_EQ(Parse("0"), milliseconds(0));
  EXPECT_EQ(Parse("-0"), milliseconds(0));
  EXPECT_EQ(Parse("600s"), milliseconds(600'000));
}

TEST(DurationTest, RefusesWithReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", "empty duration"},
      {"600", "missing unit"},
      {"5x", "unknown unit"},
      {"5 s", "unknown unit"},
      {"h", "missing number"},
      {"-", "missing number"},
      {"1h-30m", "missing number"},
      {"1.5ms", "not a whole number of milliseconds"},
      {"0.0001s", "not a whole number of milliseconds"},
      {"1..5s", "unknown unit"},
      {".s", "missing number"},
      {"99999999999999999999h", "duration too large"},
      {"999999999h", "duration too large"},
  };
  for (const auto& [text, reason] : cases) {
    auto d = ParseDuration(text);
    ASSERT_FALSE(d.has_value()) << text;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(
        d.error().message,
        std::string(reason) + " (expected a duration like \"30s\", \"500ms\", \"1h30m\", \"-7h\")")
        << text;
  }
}

TEST(DurationTest, FormatsShortestForm) {
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(-25'200'000)), "-7h");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(milliseconds(600'000)), "10m");
  EXPECT_EQ(FormatDuration(milliseconds(3'723'004)), "1h2m3s4ms");
  EXPECT_EQ(FormatDuration(milliseconds(48 * 3600 * 1000)), "48h");
}

TEST(DurationTest, FormatThenParseIsIdentity) {
  for (int64_t ms : {1LL, 999LL, 1000LL, 59'999LL, 3'600'001LL, 86'400'000LL, 123'456'789LL}) {
    for (int64_t sign : {1, -1}) {
      const milliseconds d(ms * sign);
      EXPECT_EQ(Parse(FormatDuration(d)), d) << FormatDuration(d);
    }
  }
}

}  // namespace
}  // namespace five9exp
