#include "exporter/statistics/scheduler.h"

#include <gtest/gtest.h>

#include <map>

#include "exporter/statistics/poll_allocation.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Kind = Action::Kind;
const SteadyTime kT0 = SteadyTime(std::chrono::hours(1000));

SchedulerOptions TwoTypes() {
  SchedulerOptions options;
  options.types = {{StatisticType::kAcdStatus, 1}, {StatisticType::kAgentState, 4}};
  return options;
}

// Executes actions instantly: records budget use and reports success.
class Driver {
 public:
  Driver(SchedulerOptions options, double share = 0.8)
      : budget_(share), scheduler_(std::move(options), budget_) {}

  Action Step() {
    Action action = scheduler_.Next(now_);
    switch (action.kind) {
      case Kind::kSleep:
        now_ = action.until;
        break;
      case Kind::kNewSession:
        budget_.Record(kQueryStatistics, now_);
        scheduler_.OnSessionStarted(now_);
        break;
      case Kind::kRefreshCounters:
        scheduler_.OnCountersRefreshed(now_);
        break;
      case Kind::kFullLoad:
        budget_.Record(kQueryStatistics, now_);
        scheduler_.OnLoaded(action.type, now_);
        break;
      case Kind::kDeltaPoll:
      case Kind::kReceiveMessages:
        budget_.Record(kQueryChangedStatistics, now_);
        scheduler_.OnPolled(action.type, now_);
        break;
    }
    return action;
  }
  // Steps until an action of `kind` (returned) or `limit` steps.
  Action StepUntil(Kind kind, int limit = 1000) {
    for (int i = 0; i < limit; ++i) {
      Action action = Step();
      if (action.kind == kind) return action;
    }
    ADD_FAILURE() << "no such action";
    return {};
  }

  ApiBudget budget_;
  Scheduler scheduler_;
  SteadyTime now_ = kT0;
};

TEST(SchedulerTest, StartupOpensSessionRefreshesThenLoadsByWeightSpreadOverWindows) {
  Driver driver(TwoTypes());
  EXPECT_EQ(driver.scheduler_.StateName(driver.now_), "connecting");
  EXPECT_EQ(driver.Step().kind, Kind::kRefreshCounters) << "what the domain spent, first";
  EXPECT_EQ(driver.Step().kind, Kind::kNewSession);
  EXPECT_EQ(driver.scheduler_.StateName(driver.now_), "loading");
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAgentState), "startup");
  EXPECT_EQ(driver.Step().kind, Kind::kRefreshCounters);
  // QueryStatistics allows 1 a minute at share 0.8: the first load waits for the minute.
  Action sleep = driver.Step();
  ASSERT_EQ(sleep.kind, Kind::kSleep);
  EXPECT_EQ(sleep.until, kT0 + seconds(60));
  Action first = driver.Step();
  ASSERT_EQ(first.kind, Kind::kFullLoad);
  EXPECT_EQ(first.type, StatisticType::kAgentState) << "highest weight first";
  EXPECT_EQ(driver.now_, kT0 + seconds(60));
  // While ACDStatus waits for its load slot, AgentState is polled.
  Action poll = driver.Step();
  EXPECT_EQ(poll.kind, Kind::kDeltaPoll);
  EXPECT_EQ(poll.type, StatisticType::kAgentState);
  Action second = driver.StepUntil(Kind::kFullLoad);
  EXPECT_EQ(second.type, StatisticType::kAcdStatus);
  EXPECT_EQ(driver.now_, kT0 + seconds(120));
  EXPECT_TRUE(driver.scheduler_.AllLoaded());
  EXPECT_EQ(driver.scheduler_.StateName(driver.now_), "polling");
}

TEST(SchedulerTest, DeltaPollsFollowTheWeightsAndThePace) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  std::map<StatisticType, int> polls;
  SteadyTime previous{};
  for (int i = 0; i < 100; ++i) {
    Action action = driver.StepUntil(Kind::kDeltaPoll);
    ++polls[action.type];
    if (i > 0) {
      EXPECT_GE(driver.now_ - previous, milliseconds(4500)) << "paced";
    }
    previous = driver.now_;
  }
  EXPECT_EQ(polls[StatisticType::kAgentState], 80);
  EXPECT_EQ(polls[StatisticType::kAcdStatus], 20);
}

TEST(SchedulerTest, LongPollFillsTimeToTheNextSlotCappedForAdminCalls) {
  SchedulerOptions options = TwoTypes();
  options.max_long_poll = milliseconds(3000);
  Driver driver(options);
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  Action poll = driver.StepUntil(Kind::kDeltaPoll);
  EXPECT_EQ(poll.long_poll, milliseconds(3000)) << "pace is 4.5 s, cap 3 s";
  options.max_long_poll = milliseconds(10'000);
  Driver wide(options);
  for (int i = 0; i < 2; ++i) wide.StepUntil(Kind::kFullLoad);
  EXPECT_EQ(wide.StepUntil(Kind::kDeltaPoll).long_poll, milliseconds(4500));
}

TEST(SchedulerTest, CountersRefreshRecursAndOnRequest) {
  Driver driver(TwoTypes());
  driver.StepUntil(Kind::kNewSession);  // after the fresh scheduler's first read
  driver.StepUntil(Kind::kRefreshCounters);
  const SteadyTime first = driver.now_;
  driver.StepUntil(Kind::kRefreshCounters);
  EXPECT_EQ(driver.now_, first + seconds(300));
  driver.scheduler_.RequestCountersRefresh();
  EXPECT_EQ(driver.Step().kind, Kind::kRefreshCounters);
}

TEST(SchedulerTest, ReloadOfOneTypeKeepsPollingTheOthers) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  driver.scheduler_.RequestReload(StatisticType::kAcdStatus, "unknown_timestamp");
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAcdStatus), "unknown_timestamp");
  EXPECT_FALSE(driver.scheduler_.AllLoaded());
  Action reload = driver.StepUntil(Kind::kFullLoad);
  EXPECT_EQ(reload.type, StatisticType::kAcdStatus);
  EXPECT_TRUE(driver.scheduler_.AllLoaded());
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAcdStatus), "");
}

TEST(SchedulerTest, SessionLossReopensAndReloadsEverything) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  driver.scheduler_.OnSessionLost();
  EXPECT_FALSE(driver.scheduler_.has_session());
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAgentState), "session");
  EXPECT_EQ(driver.StepUntil(Kind::kNewSession).kind, Kind::kNewSession);
  EXPECT_EQ(driver.Step().kind, Kind::kRefreshCounters);
  EXPECT_EQ(driver.StepUntil(Kind::kFullLoad).type, StatisticType::kAgentState);
  EXPECT_EQ(driver.StepUntil(Kind::kFullLoad).type, StatisticType::kAcdStatus);
}

TEST(SchedulerTest, AFreshSchedulerReadsCountersOnceBeforeItsFirstSession) {
  Driver driver(TwoTypes());
  EXPECT_EQ(driver.Step().kind, Kind::kRefreshCounters);
  EXPECT_EQ(driver.Step().kind, Kind::kNewSession);
  // A lost session reopens without another read first: the counters are current.
  driver.StepUntil(Kind::kDeltaPoll);
  driver.scheduler_.OnSessionLost();
  Action next = driver.Step();
  while (next.kind == Kind::kSleep) next = driver.Step();  // the QueryStatistics slot
  EXPECT_EQ(next.kind, Kind::kNewSession);
}

TEST(SchedulerTest, RetryableErrorsBackOffExponentiallyWithJitter) {
  SchedulerOptions options = TwoTypes();
  options.seed = 42;
  ApiBudget budget(0.8);
  Scheduler scheduler(options, budget);
  scheduler.OnCountersRefreshed(kT0);
  for (int i = 0; i < 6; ++i) {
    scheduler.OnRetryableError(kT0);
    const milliseconds delay =
        std::chrono::duration_cast<milliseconds>(*scheduler.backoff_until() - kT0);
    const milliseconds nominal = milliseconds(1000) * (1 << i);
    EXPECT_GE(delay, nominal / 2);
    EXPECT_LE(delay, nominal);
    Action action = scheduler.Next(kT0);
    EXPECT_EQ(action.kind, Kind::kSleep);
    EXPECT_EQ(action.until, *scheduler.backoff_until());
    EXPECT_EQ(scheduler.StateName(kT0), "backoff");
    EXPECT_EQ(scheduler.Backoff(kT0), BackoffKind::kShort);
  }
  EXPECT_EQ(scheduler.Backoff(*scheduler.backoff_until()), BackoffKind::kNone) << "ended";
  for (int i = 0; i < 20; ++i) scheduler.OnRetryableError(kT0);
  EXPECT_LE(*scheduler.backoff_until() - kT0, milliseconds(120'000)) << "capped";
  scheduler.OnSuccess();
  EXPECT_FALSE(scheduler.backoff_until().has_value());
  EXPECT_EQ(scheduler.Backoff(kT0), BackoffKind::kNone);
  EXPECT_EQ(scheduler.Next(kT0).kind, Kind::kNewSession);
  // Same seed, same jitter.
  Scheduler twin(options, budget);
  Scheduler again(options, budget);
  twin.OnRetryableError(kT0);
  again.OnRetryableError(kT0);
  EXPECT_EQ(*twin.backoff_until(), *again.backoff_until());
}

TEST(SchedulerTest, FatalFaultsBackOffLong) {
  ApiBudget budget(0.8);
  Scheduler scheduler(TwoTypes(), budget);
  scheduler.OnFatalError(kT0);
  EXPECT_GE(*scheduler.backoff_until() - kT0, seconds(540));
  EXPECT_LE(*scheduler.backoff_until() - kT0, seconds(660));
  EXPECT_EQ(scheduler.Backoff(kT0), BackoffKind::kLong);
  // A later transport error turns it into a short one.
  scheduler.OnRetryableError(kT0);
  EXPECT_EQ(scheduler.Backoff(kT0), BackoffKind::kShort);
}

TEST(SchedulerTest, ChatTakesPartInTheRoundRobin) {
  SchedulerOptions options = TwoTypes();
  options.chat_receive = true;
  Driver driver(options);
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  int chat = 0;
  for (int i = 0; i < 60; ++i) {
    Action action = driver.Step();
    if (action.kind == Kind::kReceiveMessages) ++chat;
    if (action.kind == Kind::kSleep) --i;
  }
  EXPECT_GT(chat, 0);
}

TEST(SchedulerTest, AutoWeightsPollWhereTheChangesAre) {
  SchedulerOptions options;
  options.types = {{StatisticType::kAgentState, 1}, {StatisticType::kCampaignState, 1}};
  options.auto_weight = {StatisticType::kAgentState, StatisticType::kCampaignState};
  Driver driver(options);
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  std::map<StatisticType, int> polls;
  for (int i = 0; i < 400; ++i) {
    Action action = driver.StepUntil(Kind::kDeltaPoll);
    ++polls[action.type];
    // AgentState: 20 of 1000 agents changed at every poll; CampaignState never changes.
    driver.scheduler_.OnPolled(action.type, driver.now_,
                               action.type == StatisticType::kAgentState ? 20 : 0, 1000);
  }
  // CampaignState is held at its guaranteed share (0.65 x 1/2), AgentState gets the rest.
  EXPECT_NEAR(polls[StatisticType::kCampaignState], 400 * kAutoGuaranteedFraction / 2, 20);
  double shares = 0;
  for (const PollShare& share : driver.scheduler_.PollShares()) {
    EXPECT_TRUE(share.auto_weight);
    shares += share.share;
  }
  EXPECT_NEAR(shares, 1.0, 1e-9);
}

TEST(SchedulerTest, NoTypeGoesUnpolledLongerThanMaxPollInterval) {
  // Fixed weights 100 : 1 would poll AgentStatistics every 101 x 4.5 s = 454 s.
  SchedulerOptions options;
  options.types = {{StatisticType::kAgentState, 100}, {StatisticType::kAgentStatistics, 1}};
  options.max_poll_interval = seconds(120);
  Driver driver(options);
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  SteadyTime last = driver.now_;
  for (int i = 0; i < 1000; ++i) {
    Action action = driver.StepUntil(Kind::kDeltaPoll);
    if (action.type != StatisticType::kAgentStatistics) continue;
    EXPECT_LE(driver.now_ - last, seconds(120));
    last = driver.now_;
  }
  EXPECT_LE(driver.now_ - last, seconds(120));
}

TEST(SchedulerTest, FromConfigSkipsDisabledTypes) {
  DomainConfig config;
  config.statistics[StatisticType::kAgentStatistics].enabled = false;
  config.statistics[StatisticType::kAgentState].weight = 4;
  SchedulerOptions options = SchedulerOptions::FromConfig(config);
  EXPECT_EQ(options.types.size(), 7u);
  for (const auto& [type, weight] : options.types) {
    EXPECT_NE(type, StatisticType::kAgentStatistics);
    if (type == StatisticType::kAgentState) {
      EXPECT_EQ(weight, 4);
    }
  }
}

}  // namespace
}  // namespace five9exp

namespace five9exp {
namespace {

// Time-zone transitions (SPEC "Numbers users can trust"): the view settings are re-sent at
// the transition, planned into the QueryStatistics budget.
TEST(SchedulerTransitionTest, ViewSettingsAreResentAtTheTransitionAndEverythingReloads) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  ASSERT_TRUE(driver.scheduler_.AllLoaded());
  const SteadyTime due = driver.now_ + std::chrono::minutes(10);
  driver.scheduler_.PlanViewSettings(due);
  // Polls never run past the transition.
  for (Action action = driver.Step(); action.kind != Kind::kNewSession; action = driver.Step()) {
    EXPECT_LE(driver.now_ + action.long_poll, due);
    ASSERT_NE(action.kind, Kind::kFullLoad);
  }
  EXPECT_EQ(driver.now_, due) << "the QueryStatistics window had room: re-sent on time";
  EXPECT_FALSE(driver.scheduler_.view_settings_due().has_value());
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAgentState), "time_zone");
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAcdStatus), "time_zone");
  EXPECT_EQ(driver.StepUntil(Kind::kFullLoad).type, StatisticType::kAgentState);
}

TEST(SchedulerTransitionTest, AFullLoadThatWouldTakeTheTransitionsSlotWaits) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  // Two minutes later a table falls into doubt 30 s before the transition: at 1 call a
  // minute, loading it now would push the re-send a minute past the transition.
  driver.now_ += std::chrono::minutes(2);
  const SteadyTime due = driver.now_ + seconds(30);
  driver.scheduler_.PlanViewSettings(due);
  driver.scheduler_.RequestReload(StatisticType::kAcdStatus, "inconsistent");
  Action first = driver.Step();
  while (first.kind != Kind::kNewSession && first.kind != Kind::kFullLoad) first = driver.Step();
  EXPECT_EQ(first.kind, Kind::kNewSession) << "the load waited for the transition";
  EXPECT_EQ(driver.now_, due);
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAcdStatus), "inconsistent");
  EXPECT_EQ(driver.scheduler_.ReloadReason(StatisticType::kAgentState), "time_zone");
}

TEST(SchedulerTransitionTest, ATransitionRightAfterALoadWaitsForTheWindow) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  const SteadyTime last_load = driver.now_;
  driver.scheduler_.PlanViewSettings(last_load + seconds(1));
  driver.StepUntil(Kind::kNewSession);
  // Never more than the QueryStatistics allowance: the re-send takes the next free slot.
  EXPECT_EQ(driver.now_, last_load + seconds(60));
}

TEST(SchedulerTransitionTest, NoPlanNoResend) {
  Driver driver(TwoTypes());
  for (int i = 0; i < 2; ++i) driver.StepUntil(Kind::kFullLoad);
  driver.scheduler_.PlanViewSettings(std::nullopt);
  for (int i = 0; i < 200; ++i) ASSERT_NE(driver.Step().kind, Kind::kNewSession);
}

}  // namespace
}  // namespace five9exp
