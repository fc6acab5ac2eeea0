#include "exporter/statistics/budget.h"

#include <gtest/gtest.h>

#include <random>

namespace five9exp {
namespace {

using std::chrono::seconds;
const SteadyTime kT0 = SteadyTime(std::chrono::hours(1000));

int64_t AllowedFor(const ApiBudget& budget, std::string_view op, int64_t window_s, SteadyTime now) {
  for (const BudgetWindowState& state : budget.Snapshot(now)) {
    if (state.operation_type == op && state.window_s == window_s) return state.allowed;
  }
  return -1;
}

TEST(ApiBudgetTest, OperationTypesMatchTheSimulator) {
  EXPECT_EQ(OperationTypeOf("setSessionParameters"), kQueryStatistics);
  EXPECT_EQ(OperationTypeOf("getStatistics"), kQueryStatistics);
  EXPECT_EQ(OperationTypeOf("getColumnNames"), kQueryStatistics);
  EXPECT_EQ(OperationTypeOf("getStatisticsUpdate"), kQueryChangedStatistics);
  EXPECT_EQ(OperationTypeOf("receiveMessages"), kQueryChangedStatistics);
  EXPECT_EQ(OperationTypeOf("getCallCountersState"), "");
  EXPECT_EQ(OperationTypeOf("startCampaign"), "");
}

// The snapshot's next free slot per operation is NextSlot's answer, pauses included.
TEST(ApiBudgetTest, NextFreeSlotsArePublishedPerOperation) {
  ApiBudget budget(0.8);  // QueryStatistics: 1 allowed a minute
  budget.Record(kQueryStatistics, kT0);
  auto slots = budget.NextFreeSlots(kT0);
  ASSERT_EQ(slots.count(std::string(kQueryStatistics)), 1u);
  EXPECT_EQ(slots.at(std::string(kQueryStatistics)), budget.NextSlot(kQueryStatistics, kT0));
  EXPECT_EQ(slots.at(std::string(kQueryStatistics)), kT0 + seconds(60));
  EXPECT_EQ(slots.at(std::string(kQueryChangedStatistics)), kT0);  // free now
  budget.OnLimitExceeded(kQueryChangedStatistics, std::nullopt, kT0);
  EXPECT_GT(budget.NextFreeSlots(kT0).at(std::string(kQueryChangedStatistics)), kT0);
}

TEST(ApiBudgetTest, AllowanceIsTheFlooredShareOfTheDefaults) {
  ApiBudget budget(0.8);
  EXPECT_EQ(AllowedFor(budget, kQueryStatistics, 60, kT0), 1);  // floor(1.6)
  EXPECT_EQ(AllowedFor(budget, kQueryStatistics, 3600, kT0), 12);
  EXPECT_EQ(AllowedFor(budget, kQueryStatistics, 86400, kT0), 192);
  EXPECT_EQ(AllowedFor(budget, kQueryChangedStatistics, 60, kT0), 24);
  EXPECT_EQ(AllowedFor(budget, kQueryChangedStatistics, 3600, kT0), 960);
  EXPECT_EQ(AllowedFor(budget, kQueryChangedStatistics, 86400, kT0), 19200);
  // A limit of 1 still allows one call (else the exporter could never call).
  ApiBudget tiny(0.8, {{60, {{"QueryStatistics", 1, 0}}}});
  EXPECT_EQ(AllowedFor(tiny, kQueryStatistics, 60, kT0), 1);
  EXPECT_FALSE(budget.last_refresh().has_value());
}

TEST(ApiBudgetTest, UncountedMethodsAreAlwaysAllowed) {
  ApiBudget budget(0.8);
  EXPECT_TRUE(budget.CanSpend("", kT0));
  EXPECT_EQ(budget.NextSlot("", kT0), kT0);
}

// Spends greedily at random moments for two simulated days and checks, by brute force,
// that no sliding window ever holds more than the allowance.
TEST(ApiBudgetTest, GreedySpendingNeverExceedsTheShareInAnyWindow) {
  ApiBudget budget(0.8);
  std::mt19937 rng(7);
  std::vector<SteadyTime> calls;
  SteadyTime now = kT0;
  const SteadyTime end = kT0 + std::chrono::hours(26);
  while (now < end) {
    now += std::chrono::milliseconds(std::uniform_int_distribution<int>(1, 3000)(rng));
    if (budget.CanSpend(kQueryChangedStatistics, now)) {
      budget.Record(kQueryChangedStatistics, now);
      calls.push_back(now);
    }
  }
  for (auto [window_s, allowed] : {std::pair{60, 24}, {3600, 960}, {86400, 19200}}) {
    size_t first = 0;
    for (size_t i = 0; i < calls.size(); ++i) {
      while (calls[first] + seconds(window_s) <= calls[i]) ++first;
      ASSERT_LE(static_cast<int64_t>(i - first + 1), allowed) << "window " << window_s;
    }
  }
  EXPECT_GT(calls.size(), 19000u) << "greedy spending should use the day's allowance";
}

TEST(ApiBudgetTest, NextSlotIsExactlyWhenTheWindowFrees) {
  ApiBudget budget(0.8);
  budget.Record(kQueryStatistics, kT0);
  EXPECT_FALSE(budget.CanSpend(kQueryStatistics, kT0 + seconds(10)));
  const SteadyTime slot = budget.NextSlot(kQueryStatistics, kT0 + seconds(10));
  EXPECT_EQ(slot, kT0 + seconds(60));
  EXPECT_FALSE(budget.CanSpend(kQueryStatistics, slot - std::chrono::milliseconds(1)));
  EXPECT_TRUE(budget.CanSpend(kQueryStatistics, slot));
  // With one more call now, the next slot is a window later.
  EXPECT_EQ(budget.NextSlot(kQueryStatistics, slot, 1), slot + seconds(60));
}

TEST(ApiBudgetTest, HourWindowBindsStartupLoads) {
  ApiBudget budget(0.8);
  SteadyTime now = kT0;
  int calls = 0;
  while (now < kT0 + std::chrono::hours(1)) {
    now = budget.NextSlot(kQueryStatistics, now);
    if (now >= kT0 + std::chrono::hours(1)) break;
    budget.Record(kQueryStatistics, now);
    ++calls;
  }
  EXPECT_EQ(calls, 12);
}

TEST(ApiBudgetTest, RefreshCountsOtherIntegrationsUntilTheirWindowPasses) {
  ApiBudget budget(0.8);
  // Our own 2 calls, then Five9 reports 20 in the minute: 18 are someone else's.
  budget.Record(kQueryChangedStatistics, kT0);
  budget.Record(kQueryChangedStatistics, kT0 + seconds(1));
  budget.Refresh({{60, {{"QueryChangedStatistics", 30, 20}}},
                  {3600, {{"QueryChangedStatistics", 1200, 20}}},
                  {86400, {{"QueryChangedStatistics", 24000, 20}}}},
                 kT0 + seconds(2));
  ASSERT_TRUE(budget.last_refresh().has_value());
  SteadyTime now = kT0 + seconds(2);
  int spent = 0;
  while (budget.CanSpend(kQueryChangedStatistics, now)) {
    budget.Record(kQueryChangedStatistics, now);
    ++spent;
  }
  EXPECT_EQ(spent, 4);  // 24 allowed - 18 others - 2 own
  // Our two early calls leave the window at 60 s and 61 s; the others' only at 62 s.
  EXPECT_TRUE(budget.CanSpend(kQueryChangedStatistics, kT0 + seconds(60)));
  budget.Record(kQueryChangedStatistics, kT0 + seconds(60));
  EXPECT_EQ(budget.NextSlot(kQueryChangedStatistics, kT0 + seconds(60)), kT0 + seconds(61));
  // The snapshot shows the domain value and our own use.
  for (const BudgetWindowState& state : budget.Snapshot(kT0 + seconds(2))) {
    if (state.operation_type == kQueryChangedStatistics && state.window_s == 60) {
      EXPECT_EQ(state.domain_used, 20);
      EXPECT_EQ(state.own_used, 6);
      EXPECT_EQ(state.limit, 30);
    }
  }
}

TEST(ApiBudgetTest, RefreshReplacesWindowsButKeepsMissingOperations) {
  ApiBudget budget(1.0);
  budget.Refresh({{10, {{"QueryChangedStatistics", 5, 0}}}}, kT0);
  EXPECT_EQ(AllowedFor(budget, kQueryChangedStatistics, 10, kT0), 5);
  EXPECT_EQ(AllowedFor(budget, kQueryChangedStatistics, 60, kT0), -1);
  EXPECT_EQ(AllowedFor(budget, kQueryStatistics, 60, kT0), 2) << "kept from the defaults";
}

TEST(ApiBudgetTest, LimitExceededPausesTheOperationForItsWindow) {
  ApiBudget budget(0.8);
  ASSERT_TRUE(budget.CanSpend(kQueryChangedStatistics, kT0));
  budget.OnLimitExceeded(kQueryChangedStatistics, 1200, kT0);
  EXPECT_FALSE(budget.CanSpend(kQueryChangedStatistics, kT0 + seconds(60)));
  EXPECT_EQ(budget.NextSlot(kQueryChangedStatistics, kT0), kT0 + seconds(3600));
  EXPECT_TRUE(budget.CanSpend(kQueryStatistics, kT0)) << "other operations unaffected";
  // A refresh tells better.
  budget.Refresh({{3600, {{"QueryChangedStatistics", 1200, 100}}}}, kT0 + seconds(5));
  EXPECT_TRUE(budget.CanSpend(kQueryChangedStatistics, kT0 + seconds(5)));
}

TEST(ApiBudgetTest, LimitExceededWithoutKnownLimitPausesEveryWindow) {
  ApiBudget budget(0.8);
  budget.OnLimitExceeded(kQueryStatistics, std::nullopt, kT0);
  EXPECT_EQ(budget.NextSlot(kQueryStatistics, kT0), kT0 + seconds(86400));
}

TEST(ApiBudgetTest, PacingSpreadsTheDailyAllowance) {
  ApiBudget budget(0.8);
  EXPECT_EQ(budget.PaceInterval(kQueryChangedStatistics), std::chrono::milliseconds(4500));
  budget.Record(kQueryChangedStatistics, kT0);
  EXPECT_TRUE(budget.CanSpend(kQueryChangedStatistics, kT0 + seconds(1)));
  EXPECT_EQ(budget.NextPacedSlot(kQueryChangedStatistics, kT0 + seconds(1)),
            kT0 + std::chrono::milliseconds(4500));
  EXPECT_EQ(budget.NextPacedSlot(kQueryChangedStatistics, kT0 + seconds(10), 1),
            kT0 + std::chrono::milliseconds(14500));
}

}  // namespace
}  // namespace five9exp
