// Drives the Scheduler and ApiBudget for 24 simulated hours at the guide's default
// limits against the simulator's LimitModel, on a virtual clock: every Five9 call is
// checked with LimitModel::TryConsume at its virtual time and answered instantly (a
// change was waiting) or after its long-poll timeout (nothing changed). Asserts zero
// limit violations and prints each type's data age beside the best age the budget
// allows for the configured weights.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

#include "exporter/statistics/budget.h"
#include "exporter/statistics/scheduler.h"
#include "simulator/limit_model.h"

namespace five9exp {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Kind = Action::Kind;

struct DayResult {
  int64_t violations = 0;
  std::map<std::string, int64_t> violations_by_operation;
  std::map<std::string, int64_t> consumed;
  seconds all_ready_after{0};
  // Per type: age samples (ms), one per virtual second once every type is ready.
  std::map<StatisticType, std::vector<int64_t>> ages;
  std::map<StatisticType, int> polls;
  std::chrono::nanoseconds pace{0};
};

struct DayOptions {
  std::vector<std::pair<StatisticType, int>> weights;  // empty = eight types, weight 1
  double budget_share = 0.8;
  double instant_answer_share = 0.8;  // the rest of the polls wait out their long poll
  // Another integration of the domain: calls per hour, spread over the day before the
  // run and continuing during it (invisible to us until a counters refresh).
  int64_t other_changed_per_hour = 0;  // QueryChangedStatistics
  int64_t other_query_per_hour = 0;    // QueryStatistics
};

int64_t Percentile(std::vector<int64_t> values, double p) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

DayResult RunDay(const DayOptions& day) {
  const SteadyTime start = SteadyTime(std::chrono::hours(10'000));
  const SteadyTime end = start + std::chrono::hours(24);
  five9sim::LimitModel model(five9sim::DefaultLimitRules());
  auto other_integration = [&](SteadyTime at) {
    if (day.other_changed_per_hour > 0)
      model.Preload("QueryChangedStatistics", day.other_changed_per_hour, at);
    if (day.other_query_per_hour > 0)
      model.Preload("QueryStatistics", day.other_query_per_hour, at);
  };
  for (int hour = 24; hour >= 1; --hour)
    other_integration(start - std::chrono::hours(hour) + seconds(1800));
  SteadyTime next_other = start + seconds(1800);

  DomainConfig config;  // defaults: all eight types, max_long_poll 3 s, refresh 300 s
  config.budget_share = day.budget_share;
  for (const auto& [type, weight] : day.weights) config.statistics[type].weight = weight;
  SchedulerOptions options = SchedulerOptions::FromConfig(config);
  ApiBudget budget(config.budget_share);
  Scheduler scheduler(options, budget);
  std::mt19937_64 rng(2026);
  std::bernoulli_distribution instant(day.instant_answer_share);

  DayResult result;
  std::map<StatisticType, SteadyTime> current_at;  // when each type was last known current
  std::optional<SteadyTime> all_ready;
  SteadyTime next_sample = start;
  SteadyTime now = start;

  // Advances virtual time, sampling every type's data age once per second.
  auto advance_to = [&](SteadyTime to) {
    while (next_sample < to) {
      if (all_ready) {
        for (const auto& [type, at] : current_at) {
          result.ages[type].push_back(duration_cast<milliseconds>(next_sample - at).count());
        }
      }
      next_sample += seconds(1);
    }
    now = std::max(now, to);
  };
  // One Five9 call at `now`: true when the limit model accepted it.
  auto call = [&](std::string_view method) {
    const std::string_view operation = OperationTypeOf(method);
    budget.Record(operation, now);
    if (auto exceeded = model.TryConsume(method, now)) {
      // What the poller does with OperationsLimitExceededFault.
      budget.OnLimitExceeded(exceeded->operation_type, exceeded->limit, now);
      scheduler.RequestCountersRefresh();
      return false;
    }
    return true;
  };

  while (now < end) {
    if (now >= next_other) {
      other_integration(now);
      next_other += std::chrono::hours(1);
    }
    const Action action = scheduler.Next(now);
    switch (action.kind) {
      case Kind::kSleep:
        advance_to(std::min(action.until, end));
        break;
      case Kind::kNewSession:
        if (call("setSessionParameters")) scheduler.OnSessionStarted(now);
        break;
      case Kind::kRefreshCounters:
        budget.Refresh(model.State(now), now);
        scheduler.OnCountersRefreshed(now);
        break;
      case Kind::kFullLoad:
        if (call("getStatistics")) {
          scheduler.OnLoaded(action.type, now);
          current_at[action.type] = now;
          if (!all_ready && scheduler.AllLoaded()) {
            all_ready = now;
            result.all_ready_after = duration_cast<seconds>(now - start);
          }
        }
        break;
      case Kind::kDeltaPoll:
        if (call("getStatisticsUpdate")) {
          if (!instant(rng)) advance_to(now + action.long_poll);
          scheduler.OnPolled(action.type, now);
          current_at[action.type] = now;
          ++result.polls[action.type];
        }
        break;
      case Kind::kReceiveMessages:
        call("receiveMessages");
        break;
    }
  }
  result.violations = model.violations();
  result.violations_by_operation = model.ViolationsByOperation();
  result.consumed = model.ConsumedByOperation();
  result.pace = budget.PaceInterval(kQueryChangedStatistics);
  return result;
}

// Prints the table and checks each type's ages against the budget's best: with a
// sustained rate R of delta polls and weight share w/W, a type is polled every
// P = W / (w R); its age is a saw-tooth from 0 to P: p50 = P/2, p95 = 0.95 P.
void Report(const char* title, const DayOptions& day, const DayResult& result) {
  std::map<StatisticType, int> weights;
  for (StatisticType type : kAllStatisticTypes) weights[type] = 1;
  for (const auto& [type, weight] : day.weights) weights[type] = weight;
  int total = 0;
  for (const auto& [type, weight] : weights) total += weight;
  const double pace_s = std::chrono::duration<double>(result.pace).count();
  std::printf(
      "\n%s\n  start-up (session + 8 full loads) done after %llds; delta pace %.2fs; "
      "QueryStatistics %lld, QueryChangedStatistics %lld calls; violations %lld\n",
      title, static_cast<long long>(result.all_ready_after.count()), pace_s,
      static_cast<long long>(
          result.consumed.count("QueryStatistics") ? result.consumed.at("QueryStatistics") : 0),
      static_cast<long long>(result.consumed.count("QueryChangedStatistics")
                                 ? result.consumed.at("QueryChangedStatistics")
                                 : 0),
      static_cast<long long>(result.violations));
  std::printf("  %-28s %6s %7s %9s %9s %10s %10s\n", "type", "weight", "polls", "age p50",
              "age p95", "best p50", "best p95");
  for (const auto& [type, weight] : weights) {
    const double period_s = pace_s * total / weight;
    const auto& ages = result.ages.at(type);
    const double p50 = Percentile(ages, 0.50) / 1000.0;
    const double p95 = Percentile(ages, 0.95) / 1000.0;
    std::printf("  %-28s %6d %7d %8.1fs %8.1fs %9.1fs %9.1fs\n", std::string(ToWire(type)).c_str(),
                weight, result.polls.count(type) ? result.polls.at(type) : 0, p50, p95,
                period_s / 2, period_s * 0.95);
    // Within 15% (+1 s of sampling granularity) of the best the budget allows.
    EXPECT_LE(p50, period_s / 2 * 1.15 + 1) << ToWire(type);
    EXPECT_LE(p95, period_s * 0.95 * 1.15 + 1) << ToWire(type);
  }
}

TEST(SchedulerDayTest, DefaultLimitsEqualWeights) {
  DayOptions day;
  DayResult result = RunDay(day);
  Report("24 h, default limits, budget_share 0.8, eight types weight 1", day, result);
  EXPECT_EQ(result.violations, 0);
  EXPECT_LE(result.all_ready_after, seconds(10 * 60));
  EXPECT_EQ(result.pace, milliseconds(4500));
}

TEST(SchedulerDayTest, DefaultLimitsSpecExampleWeights) {
  DayOptions day;
  day.weights = {{StatisticType::kAgentState, 4}};
  DayResult result = RunDay(day);
  Report("24 h, default limits, budget_share 0.8, AgentState weight 4, others 1", day, result);
  EXPECT_EQ(result.violations, 0);
}

TEST(SchedulerDayTest, SharedDomainWithAnotherIntegration) {
  // Another integration spends 250 QueryChangedStatistics (6000 a day) and 1
  // QueryStatistics an hour, before and during the run: the exporter fits in what is left.
  DayOptions day;
  day.other_changed_per_hour = 250;
  day.other_query_per_hour = 1;
  DayResult result = RunDay(day);
  for (const auto& [operation, count] : result.violations_by_operation) {
    ADD_FAILURE() << count << " violations of " << operation;
  }
  EXPECT_EQ(result.violations, 0);
  int64_t polls = 0;
  for (const auto& [type, count] : result.polls) polls += count;
  std::printf(
      "\n24 h shared domain (another integration: 250 QueryChangedStatistics and 1 "
      "QueryStatistics an hour): start-up %llds, our delta polls %lld, pace at the end "
      "%.2fs, violations %lld\n",
      static_cast<long long>(result.all_ready_after.count()), static_cast<long long>(polls),
      std::chrono::duration<double>(result.pace).count(),
      static_cast<long long>(result.violations));
}

}  // namespace
}  // namespace five9exp
