// Pure validation helpers and the error mapping.

#include "exporter/web/validation.h"

#include <gtest/gtest.h>

#include "exporter/web/api_error.h"
#include "exporter/web/rate_limiter.h"

namespace five9exp {
namespace {

TEST(Rfc3339Test, LeapDaysFollowTheGregorianRules) {
  EXPECT_TRUE(Rfc3339ToXsDateTime("t", "2000-02-29T00:00:00Z"));   // divisible by 400
  EXPECT_FALSE(Rfc3339ToXsDateTime("t", "2100-02-29T00:00:00Z"));  // by 100, not 400
  EXPECT_FALSE(Rfc3339ToXsDateTime("t", "2026-04-31T00:00:00Z"));
  int64_t ms = 0;
  // An offset can move the instant across the missing leap day and a year's end.
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2100-03-01T01:00:00+02:00", &ms), "2100-02-28T23:00:00Z");
  EXPECT_EQ(ms, 4107538800000);
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2024-02-28T23:30:00-01:00"), "2024-02-29T00:30:00Z");
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "9999-12-31T23:59:59Z"), "9999-12-31T23:59:59Z");
  EXPECT_FALSE(Rfc3339ToXsDateTime("t", "9999-12-31T23:59:59-01:00"));  // year 10000 in UTC
  EXPECT_FALSE(Rfc3339ToXsDateTime("t", "0001-01-01T00:00:00+01:00"));  // year 0 in UTC
}

TEST(Rfc3339Test, ConvertsToUtcXsDateTime) {
  int64_t ms = 0;
  auto z = Rfc3339ToXsDateTime("t", "2026-11-28T13:59:42Z", &ms);
  ASSERT_TRUE(z);
  EXPECT_EQ(*z, "2026-11-28T13:59:42Z");
  EXPECT_EQ(ms, 1795874382000);
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2026-11-28T05:59:42-08:00"), "2026-11-28T13:59:42Z");
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2026-11-28T00:30:00+01:00"), "2026-11-27T23:30:00Z");
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2026-11-28t13:59:42.5z"), "2026-11-28T13:59:42.500Z");
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2024-02-29T00:00:00.123456Z"), "2024-02-29T00:00:00.123Z");
  EXPECT_EQ(*Rfc3339ToXsDateTime("t", "2027-01-01T00:30:00+01:00"), "2026-12-31T23:30:00Z");
  for (const char* bad :
       {"", "2026-11-28", "2026-11-28T13:59:42", "2026-11-28 13:59:42Z", "2026-13-01T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T13:60:00Z",
        "2026-11-28T13:59:60Z", "2026-11-28T13:59:42.Z", "2026-11-28T13:59:42+0800",
        "2026-11-28T13:59:42Z ", "x2026-11-28T13:59:42Z"}) {
    SCOPED_TRACE(bad);
    auto result = Rfc3339ToXsDateTime("field \"after\"", bad);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().status, 400);
    EXPECT_NE(result.error().message.find("field \"after\""), std::string::npos);
  }
}

TEST(DecodePathSegmentTest, DecodesOnce) {
  EXPECT_EQ(*DecodePathSegment("a%20b"), "a b");
  EXPECT_EQ(*DecodePathSegment("a%2525b"), "a%25b");
  EXPECT_EQ(*DecodePathSegment("a+b"), "a+b");
  EXPECT_EQ(*DecodePathSegment("%3C%3e"), "<>");
  EXPECT_FALSE(DecodePathSegment("%"));
  EXPECT_FALSE(DecodePathSegment("%2"));
  EXPECT_FALSE(DecodePathSegment("%g0"));
  EXPECT_FALSE(DecodePathSegment("a%00b"));
}

TEST(CheckNameTest, RefusesEmptyLongControlAndBadUtf8) {
  EXPECT_TRUE(CheckName("n", "Promo <2026> & \"Q1\""));
  EXPECT_TRUE(CheckName("n", "Kampagne \xC3\xBC"));
  EXPECT_FALSE(CheckName("n", ""));
  EXPECT_FALSE(CheckName("n", std::string(256, 'a')));
  EXPECT_TRUE(CheckName("n", std::string(255, 'a')));
  EXPECT_FALSE(CheckName("n", "a\tb"));
  EXPECT_FALSE(CheckName("n", "a\x7f"));
  EXPECT_FALSE(CheckName("n", "\xC3"));
  EXPECT_FALSE(CheckName("n", "\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(CheckName("n", "\xED\xA0\x80"));  // surrogate
  EXPECT_TRUE(CheckText("t", "line one\nline two\ttab"));
  EXPECT_FALSE(CheckText("t", "bell\a"));
}

TEST(JsonFieldsTest, TypeChecks) {
  auto object =
      ParseJsonObject(R"({"s":"x","b":true,"i":42,"big":18446744073709551615,"f":1.5,"n":null})",
                      {"s", "b", "i", "big", "f", "n"});
  ASSERT_TRUE(object);
  EXPECT_EQ(*RequiredString(*object, "s"), "x");
  EXPECT_FALSE(RequiredString(*object, "b"));
  EXPECT_FALSE(RequiredString(*object, "n"));  // null is absent
  EXPECT_FALSE(OptionalString(*object, "missing")->has_value());
  EXPECT_EQ(*RequiredBool(*object, "b"), true);
  EXPECT_FALSE(RequiredBool(*object, "i"));
}

TEST(JsonFieldsTest, Integers) {
  auto object = ParseJsonObject(R"({"i":42,"big":18446744073709551615,"f":1.5,"neg":-3})",
                                {"i", "big", "f", "neg"});
  ASSERT_TRUE(object);
  EXPECT_EQ(*RequiredInt(*object, "i", 0, 100), 42);
  EXPECT_FALSE(RequiredInt(*object, "i", 0, 10));
  EXPECT_FALSE(RequiredInt(*object, "big", 0, INT64_MAX));
  EXPECT_FALSE(RequiredInt(*object, "f", 0, 100));
  EXPECT_EQ(*RequiredInt(*object, "neg", -5, 5), -3);
  EXPECT_FALSE(RequiredInt(*object, "missing", 0, 1));
  EXPECT_FALSE(OptionalInt(*object, "missing", 0, 1)->has_value());
  EXPECT_FALSE(ParseJsonObject(R"({"x":1})", {"y"}));
  EXPECT_FALSE(ParseJsonObject("\"\xff\"", {}));
}

// Retry-After is read from the budget's published next free slot, per operation type.
// Before, the web layer recomputed it from the windows: it counted our own calls twice
// (own_used + domain_used), and a kBudgetExhausted refusal always looked at QueryStatistics.
TEST(MapFive9ErrorTest, RetryAfterReadsTheBudgetsNextFreeSlot) {
  const SteadyTime now = SteadyTime() + std::chrono::hours(5);
  DomainSnapshot snapshot;
  // Five9 counts 5 calls, 4 of them ours; 8 allowed: not exhausted, whatever the sum says.
  snapshot.budget = {BudgetWindowState{"QueryStatistics", 60, 10, 5, 4, 8}};
  snapshot.budget_next_free = {{"QueryStatistics", now},
                               {"QueryChangedStatistics", now + std::chrono::milliseconds(89'200)}};
  EXPECT_EQ(RetryAfterFor(&snapshot, "QueryChangedStatistics", now), std::chrono::seconds(90));
  EXPECT_EQ(RetryAfterFor(&snapshot, "QueryStatistics", now), std::chrono::seconds(1));
  EXPECT_EQ(RetryAfterFor(&snapshot, "Other", now), std::chrono::seconds(60));
  EXPECT_EQ(RetryAfterFor(nullptr, "QueryStatistics", now), std::chrono::seconds(60));

  // The budget refusal of a QueryChangedStatistics call waits for that operation's slot.
  ApiError spent =
      MapFive9Error(Error{ErrorCode::kBudgetExhausted, "spent"}, "receiveMessages", &snapshot, now);
  EXPECT_EQ(spent.status, 429);
  EXPECT_EQ(spent.retry_after, std::chrono::seconds(90));

  Error fault{
      ErrorCode::kFault, "x", 500,
      FaultInfo{"OperationsLimitExceededFault", {{"operationType", "QueryChangedStatistics"}}}};
  ApiError mapped = MapFive9Error(fault, "getStatistics", &snapshot, now);
  EXPECT_EQ(mapped.status, 429);
  EXPECT_EQ(mapped.retry_after, std::chrono::seconds(90));
  HttpResponse response = ToHttpResponse(mapped);
  EXPECT_EQ(response.Header("Retry-After"), "90");
}

TEST(RateLimiterTest, TokenBucketRefillsWithTheClock) {
  FakeClock clock;
  RateLimiter limiter(clock, 2.0, 2);
  std::chrono::seconds retry{};
  EXPECT_TRUE(limiter.Allow("a", &retry));
  EXPECT_TRUE(limiter.Allow("a", &retry));
  EXPECT_FALSE(limiter.Allow("a", &retry));
  EXPECT_EQ(retry, std::chrono::seconds(1));
  EXPECT_TRUE(limiter.Allow("b", &retry));
  clock.Advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(limiter.Allow("a", &retry));
  EXPECT_FALSE(limiter.Allow("a", &retry));
  clock.Advance(std::chrono::seconds(100));
  EXPECT_TRUE(limiter.Allow("a", &retry));
  EXPECT_TRUE(limiter.Allow("a", &retry));
  EXPECT_FALSE(limiter.Allow("a", &retry));  // never more than the burst
}

}  // namespace
}  // namespace five9exp
