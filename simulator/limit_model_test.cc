#include "simulator/limit_model.h"

#include <gtest/gtest.h>

namespace five9sim {
namespace {

using five9exp::SteadyTime;
using std::chrono::milliseconds;
using std::chrono::seconds;

SteadyTime T(int64_t ms) { return SteadyTime(milliseconds(1'000'000'000 + ms)); }

TEST(LimitModelTest, DefaultRulesMatchTheGuide) {
  auto rules = DefaultLimitRules();
  ASSERT_EQ(rules.size(), 6u);
  auto find = [&](std::string_view type, int64_t s) -> int64_t {
    for (const auto& r : rules)
      if (r.operation_type == type && r.window == seconds(s)) return r.limit;
    return -1;
  };
  EXPECT_EQ(find("QueryChangedStatistics", 60), 30);
  EXPECT_EQ(find("QueryChangedStatistics", 3600), 1200);
  EXPECT_EQ(find("QueryChangedStatistics", 86400), 24000);
  EXPECT_EQ(find("QueryStatistics", 60), 2);
  EXPECT_EQ(find("QueryStatistics", 3600), 15);
  EXPECT_EQ(find("QueryStatistics", 86400), 240);
}

TEST(LimitModelTest, OperationTypes) {
  EXPECT_EQ(OperationTypeOf("setSessionParameters"), "QueryStatistics");
  EXPECT_EQ(OperationTypeOf("getStatistics"), "QueryStatistics");
  EXPECT_EQ(OperationTypeOf("getColumnNames"), "QueryStatistics");
  EXPECT_EQ(OperationTypeOf("getStatisticsUpdate"), "QueryChangedStatistics");
  EXPECT_EQ(OperationTypeOf("receiveMessages"), "QueryChangedStatistics");
  EXPECT_EQ(OperationTypeOf("getCallCountersState"), "");
  EXPECT_EQ(OperationTypeOf("closeSession"), "");
}

TEST(LimitModelTest, MinuteWindowSlides) {
  LimitModel limits(DefaultLimitRules());
  EXPECT_FALSE(limits.TryConsume("getStatistics", T(0)));
  EXPECT_FALSE(limits.TryConsume("setSessionParameters", T(30'000)));
  auto refused = limits.TryConsume("getStatistics", T(59'999));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->operation_type, "QueryStatistics");
  EXPECT_EQ(refused->limit, 2);
  EXPECT_EQ(refused->window, seconds(60));
  EXPECT_EQ(limits.violations(), 1);
  // At exactly 60 s the first call has left the window.
  EXPECT_FALSE(limits.TryConsume("getStatistics", T(60'000)));
  EXPECT_TRUE(limits.TryConsume("getStatistics", T(60'001)));
  EXPECT_EQ(limits.violations(), 2);
  EXPECT_EQ(limits.ViolationsByOperation().at("QueryStatistics"), 2);
  // Uncounted methods never fail.
  EXPECT_FALSE(limits.TryConsume("getCallCountersState", T(60'001)));
}

TEST(LimitModelTest, HourAndDayWindows) {
  LimitModel limits(DefaultLimitRules());
  // 2 per minute for 7.5 minutes = 15 calls: the hour window is full.
  int64_t t = 0;
  for (int i = 0; i < 15; ++i) {
    ASSERT_FALSE(limits.TryConsume("getStatistics", T(t))) << i;
    t += 30'001;
  }
  auto refused = limits.TryConsume("getStatistics", T(t + 60'000));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->window, seconds(3600));
  // An hour after the first call one slot is free again.
  EXPECT_FALSE(limits.TryConsume("getStatistics", T(3'600'000)));

  LimitModel day(DefaultLimitRules());
  day.Preload("QueryStatistics", 240, T(0));
  auto day_refused = day.TryConsume("getStatistics", T(7'200'000));
  ASSERT_TRUE(day_refused);
  EXPECT_EQ(day_refused->window, seconds(86400));
  EXPECT_FALSE(day.TryConsume("getStatistics", T(86'400'000)));
}

TEST(LimitModelTest, WindowScaleShrinksWindowsKeepsCounts) {
  LimitModel limits(DefaultLimitRules(), 0.05);  // 60 s -> 3 s
  for (int i = 0; i < 30; ++i) ASSERT_FALSE(limits.TryConsume("getStatisticsUpdate", T(i)));
  EXPECT_TRUE(limits.TryConsume("getStatisticsUpdate", T(2'999)));
  EXPECT_FALSE(limits.TryConsume("getStatisticsUpdate", T(3'000)));
  auto state = limits.State(T(3'000));
  ASSERT_EQ(state.size(), 3u);
  EXPECT_EQ(state[0].timeout_s, 3);
  EXPECT_EQ(state[1].timeout_s, 180);
  EXPECT_EQ(state[2].timeout_s, 4320);
}

TEST(LimitModelTest, StateReportsEveryOperationPerWindow) {
  LimitModel limits(DefaultLimitRules());
  limits.Preload("QueryChangedStatistics", 10, T(0));
  limits.TryConsume("getStatistics", T(1'000));
  auto state = limits.State(T(61'000));
  ASSERT_EQ(state.size(), 3u);
  EXPECT_EQ(state[0].timeout_s, 60);
  ASSERT_EQ(state[0].call_counter_states.size(), 2u);
  for (const auto& c : state[0].call_counter_states) EXPECT_EQ(c.value, 0) << c.operation_type;
  for (const auto& c : state[1].call_counter_states) {
    if (c.operation_type == "QueryChangedStatistics") {
      EXPECT_EQ(c.value, 10);
      EXPECT_EQ(c.limit, 1200);
    } else {
      EXPECT_EQ(c.value, 1);
      EXPECT_EQ(c.limit, 15);
    }
  }
  EXPECT_EQ(limits.ConsumedByOperation().at("QueryChangedStatistics"), 10);
}

TEST(LimitModelTest, TinyScaleReportsAtLeastOneSecond) {
  LimitModel limits({{"QueryStatistics", seconds(10), 1}}, 0.01);
  auto state = limits.State(T(0));
  ASSERT_EQ(state.size(), 1u);
  EXPECT_EQ(state[0].timeout_s, 1);
}

TEST(LimitModelTest, RefusedCallsAreNotCounted) {
  LimitModel limits({{"QueryStatistics", seconds(60), 1}});
  EXPECT_FALSE(limits.TryConsume("getStatistics", T(0)));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limits.TryConsume("getStatistics", T(100 + i)));
  EXPECT_EQ(limits.State(T(200))[0].call_counter_states[0].value, 1);
  EXPECT_FALSE(limits.TryConsume("getStatistics", T(60'000)));
}

}  // namespace
}  // namespace five9sim
