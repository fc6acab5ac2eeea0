#include "simulator/limit_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

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

// The straightforward reading of the rules: every call remembered, every window
// counted call by call. The fast model must answer exactly like it.
class NaiveLimits {
 public:
  NaiveLimits(std::vector<LimitRule> rules, double scale)
      : rules_(std::move(rules)), scale_(scale) {}

  SteadyTime::duration Scaled(seconds window) const {
    return std::chrono::duration_cast<SteadyTime::duration>(
        std::chrono::duration<double>(static_cast<double>(window.count()) * scale_));
  }
  int64_t Count(const std::string& type, SteadyTime now, seconds window) const {
    int64_t used = 0;
    for (const Call& call : calls_) {
      if (call.type == type && call.at <= now && call.at > now - Scaled(window)) used += call.count;
    }
    return used;
  }
  std::optional<LimitRule> TryConsume(std::string_view method, SteadyTime now) {
    const std::string type(OperationTypeOf(method));
    if (type.empty()) return std::nullopt;
    for (const LimitRule& rule : rules_) {
      if (rule.operation_type == type && Count(type, now, rule.window) >= rule.limit) {
        ++violations_;
        return rule;
      }
    }
    calls_.push_back({type, now, 1});
    return std::nullopt;
  }
  void Preload(const std::string& type, int64_t count, SteadyTime now) {
    if (count > 0) calls_.push_back({type, now, count});
  }
  int64_t violations() const { return violations_; }
  int64_t Consumed(const std::string& type) const {
    int64_t total = 0;
    for (const Call& call : calls_)
      if (call.type == type) total += call.count;
    return total;
  }

 private:
  struct Call {
    std::string type;
    SteadyTime at;
    int64_t count;
  };
  std::vector<LimitRule> rules_;
  double scale_;
  std::vector<Call> calls_;
  int64_t violations_ = 0;
};

// Random calls, preloads and State reads; time mostly moves forward in small or
// repeated steps, sometimes jumps far ahead (past every window, so history is pruned),
// and sometimes steps back by up to 30 s (still within kOutOfOrderTolerance).
void ExpectSameAsNaive(const std::vector<LimitRule>& rules, double scale, uint64_t seed,
                       int steps) {
  LimitModel fast(rules, scale);
  NaiveLimits naive(rules, scale);
  std::mt19937_64 rng(seed);
  const std::vector<std::string> methods = {"getStatistics", "setSessionParameters",
                                            "getStatisticsUpdate", "receiveMessages",
                                            "getCallCountersState"};
  const std::vector<std::string> types = {"QueryStatistics", "QueryChangedStatistics"};
  auto pick = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  static_assert(LimitModel::kOutOfOrderTolerance >= seconds(30));
  int64_t longest_ms = 0;
  for (const LimitRule& rule : rules) {
    longest_ms = std::max(
        longest_ms, std::chrono::duration_cast<milliseconds>(naive.Scaled(rule.window)).count());
  }
  int64_t latest_ms = 0;
  int64_t accepted = 0;
  for (int step = 0; step < steps; ++step) {
    const int64_t time_roll = pick(0, 99);
    if (time_roll < 25) {
      // same instant
    } else if (time_roll < 85) {
      latest_ms += pick(1, 2'000);
    } else if (time_roll < 90) {
      latest_ms += pick(1, 3) * longest_ms;
    } else {
      latest_ms += pick(1, 200);
    }
    int64_t now_ms = latest_ms;
    if (pick(0, 99) < 8) now_ms -= pick(1, 30'000);  // a late caller
    const SteadyTime now = T(now_ms);
    const int64_t action = pick(0, 99);
    if (action < 80) {
      const std::string& method = methods[static_cast<size_t>(pick(0, 4))];
      auto want = naive.TryConsume(method, now);
      auto got = fast.TryConsume(method, now);
      ASSERT_EQ(got.has_value(), want.has_value()) << "step " << step << " " << method;
      if (want) {
        EXPECT_EQ(got->operation_type, want->operation_type) << "step " << step;
        EXPECT_EQ(got->window, want->window) << "step " << step;
      } else {
        ++accepted;
      }
    } else if (action < 88) {
      const std::string& type = types[static_cast<size_t>(pick(0, 1))];
      const int64_t count = pick(0, 12);
      naive.Preload(type, count, now);
      fast.Preload(type, count, now);
    } else {
      for (const auto& window_state : fast.State(now)) {
        for (const auto& counter : window_state.call_counter_states) {
          seconds window{};
          for (const LimitRule& rule : rules) {
            if (rule.operation_type == counter.operation_type &&
                std::max<int64_t>(1, std::llround(static_cast<double>(rule.window.count()) *
                                                  scale)) == window_state.timeout_s) {
              window = rule.window;
            }
          }
          ASSERT_NE(window, seconds(0));
          ASSERT_EQ(counter.value, naive.Count(counter.operation_type, now, window))
              << "step " << step << " " << counter.operation_type << " " << window.count();
        }
      }
    }
  }
  EXPECT_EQ(fast.violations(), naive.violations());
  for (const std::string& type : types) {
    const auto consumed = fast.ConsumedByOperation();
    EXPECT_EQ(consumed.count(type) ? consumed.at(type) : 0, naive.Consumed(type)) << type;
  }
  // The sequence must exercise both outcomes to prove anything.
  EXPECT_GT(fast.violations(), 0);
  EXPECT_GT(accepted, 0);
}

TEST(LimitModelTest, FastCountMatchesNaiveCountTightRules) {
  const std::vector<LimitRule> rules = {
      {"QueryStatistics", seconds(10), 5},         {"QueryStatistics", seconds(60), 20},
      {"QueryStatistics", seconds(600), 120},      {"QueryChangedStatistics", seconds(5), 6},
      {"QueryChangedStatistics", seconds(60), 40}, {"QueryChangedStatistics", seconds(300), 150},
  };
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(seed);
    ExpectSameAsNaive(rules, 1.0, seed, 4'000);
  }
}

TEST(LimitModelTest, FastCountMatchesNaiveCountScaledDefaults) {
  // 0.01 turns the default windows into 0.6 s / 36 s / 864 s.
  for (uint64_t seed = 11; seed <= 13; ++seed) {
    SCOPED_TRACE(seed);
    ExpectSameAsNaive(DefaultLimitRules(), 0.01, seed, 4'000);
  }
}

}  // namespace
}  // namespace five9sim
