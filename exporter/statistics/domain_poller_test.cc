#include "exporter/statistics/domain_poller.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "exporter/five9/xml.h"
#include "exporter/testing/fake_transport.h"
#include "exporter/testing/wait.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::string_view kEnvelopeOpen =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns:ns2=\"http://service.supervisor.ws.five9.com/\"><soap:Body>";
constexpr std::string_view kEnvelopeClose = "</soap:Body></soap:Envelope>";

SoapHttpResponse Ok(std::string_view method, const std::string& inner = "") {
  XmlWriter w;
  w.Raw(kEnvelopeOpen).Open("ns2:" + std::string(method) + "Response").Raw(inner);
  w.Close("ns2:" + std::string(method) + "Response").Raw(kEnvelopeClose);
  return {200, "text/xml", w.Release()};
}

SoapHttpResponse Fault(
    std::string_view name,
    std::initializer_list<std::pair<std::string_view, std::string_view>> fields = {}) {
  XmlWriter w;
  w.Raw(kEnvelopeOpen).Open("soap:Fault").Element("faultcode", "soap:Server");
  w.Element("faultstring", name).Open("detail").Open("ns2:" + std::string(name));
  for (const auto& [key, value] : fields) w.Element(key, value);
  w.Close("ns2:" + std::string(name)).Close("detail").Close("soap:Fault").Raw(kEnvelopeClose);
  return {500, "text/xml", w.Release()};
}

void WriteRow(XmlWriter& w, std::string_view element, const std::vector<CellValue>& cells) {
  w.Open(element).Open("values");
  for (const CellValue& cell : cells) {
    if (cell) {
      w.Element("data", *cell);
    } else {
      w.NilElement("data");
    }
  }
  w.Close("values").Close(element);
}

// A scripted Five9: answers each method from a per-method queue of canned responses,
// else with a sensible default. Shared between the test and the FakeTransport.
class FakeFive9 {
 public:
  struct Call {
    std::string method;
    std::string type;  // statisticType, when present
    int64_t previous_timestamp = -1;
    int64_t long_poll_ms = -1;
    std::string time_zone;  // setSessionParameters' viewSettings.timeZone
  };

  // The transport's answer (FakeTransport's responder): reads the call out of the request,
  // holds it when asked, fails it while transport_errors lasts, else Answer()s it.
  Result<SoapHttpResponse> Serve(const SoapHttpRequest& request, std::stop_token stop) {
    auto document = XmlDocument::Parse(request.body);
    if (!document) return tl::unexpected(document.error());
    XmlElement payload = document->Root().Child("Body").Elements().at(0);
    Call call{std::string(payload.LocalName()), payload.ChildText("statisticType").value_or("")};
    if (auto previous = payload.ChildText("previousTimestamp"))
      call.previous_timestamp = std::stoll(*previous);
    if (auto timeout = payload.ChildText("longPollingTimeout"))
      call.long_poll_ms = std::stoll(*timeout);
    if (call.method == "setSessionParameters") {
      call.time_zone = payload.Child("viewSettings").ChildText("timeZone").value_or("");
    }
    if (stop.stop_requested() || !MaybeHold(call, stop)) {
      return MakeError(ErrorCode::kCancelled, "cancelled");
    }
    if (transport_errors > 0 && call.method != "closeSession") {
      --transport_errors;
      return MakeError(ErrorCode::kTransport, "connection refused");
    }
    return Answer(call);
  }
  // Calls (other than closeSession) still to fail with a transport error.
  std::atomic<int> transport_errors{0};

  SoapHttpResponse Answer(const Call& call) {
    std::unique_lock lock(mutex_);
    calls_.push_back(call);
    cv_.notify_all();
    auto it = script_.find(call.method);
    if (it != script_.end() && !it->second.empty()) {
      SoapHttpResponse response = std::move(it->second.front());
      it->second.pop_front();
      return response;
    }
    lock.unlock();
    return Default(call);
  }

  SoapHttpResponse Default(const Call& call) {
    if (call.method == "getStatistics") {
      StatisticType type = *StatisticTypeFromWire(call.type);
      XmlWriter w;
      w.Open("return");
      WriteRow(w, "columns", {std::string(KeyColumn(type)), "State"});
      WriteRow(w, "rows", {"a", "Ready"});
      WriteRow(w, "rows", {"b", std::nullopt});
      w.Element("timestamp", "1000").Element("type", call.type).Close("return");
      return Ok(call.method, w.str());
    }
    if (call.method == "getCallCountersState") {
      std::lock_guard lock(mutex_);
      XmlWriter w;
      for (const LimitTimeoutState& window : counters_) {
        w.Open("return");
        for (const CallCounterState& counter : window.call_counter_states) {
          w.Open("callCounterStates").Element("limit", std::to_string(counter.limit));
          w.Element("operationType", counter.operation_type);
          w.Element("value", std::to_string(counter.value)).Close("callCounterStates");
        }
        w.Element("timeout", std::to_string(window.timeout_s)).Close("return");
      }
      return Ok(call.method, w.str());
    }
    if (call.method == "getUserLimits") {
      return Ok(call.method,
                "<return><mobileLimit>5</mobileLimit><mobileLoggedin>1</mobileLoggedin>"
                "<supervisorLimit>10</supervisorLimit><supervisorsLoggedin>2</supervisorsLoggedin>"
                "</return>");
    }
    return Ok(call.method);  // empty response: void calls, and "nothing changed" updates
  }

  void Script(const std::string& method, SoapHttpResponse response) {
    std::lock_guard lock(mutex_);
    script_[method].push_back(std::move(response));
  }
  void SetCounters(std::vector<LimitTimeoutState> counters) {
    std::lock_guard lock(mutex_);
    counters_ = std::move(counters);
  }
  // While held, getStatisticsUpdate blocks until Release() or cancellation.
  void HoldDeltas(bool hold) {
    std::lock_guard lock(mutex_);
    hold_ = hold;
    cv_.notify_all();
  }
  bool held() {
    std::lock_guard lock(mutex_);
    return holding_;
  }
  // Blocks a held call; returns false when cancelled.
  bool MaybeHold(const Call& call, std::stop_token stop) {
    std::unique_lock lock(mutex_);
    if (call.method != "getStatisticsUpdate" || !hold_) return true;
    holding_ = true;
    cv_.notify_all();
    std::stop_callback wake(stop, [this] {
      std::lock_guard inner(mutex_);
      cv_.notify_all();
    });
    cv_.wait(lock, [&] { return !hold_ || stop.stop_requested(); });
    holding_ = false;
    return !stop.stop_requested();
  }
  std::vector<Call> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::vector<std::string> Methods() {
    std::vector<std::string> out;
    for (const Call& call : calls()) out.push_back(call.method);
    return out;
  }
  int Count(std::string_view method, std::string_view type = "") {
    int n = 0;
    for (const Call& call : calls())
      n += call.method == method && (type.empty() || call.type == type);
    return n;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Call> calls_;
  std::map<std::string, std::deque<SoapHttpResponse>> script_;
  // Generous limits so start-up is not paced unless a test says otherwise.
  std::vector<LimitTimeoutState> counters_ = {
      {60, {{"QueryStatistics", 100, 0}, {"QueryChangedStatistics", 100, 0}}}};
  bool hold_ = false;
  bool holding_ = false;
};

class DomainPollerTest : public ::testing::Test {
 protected:
  explicit DomainPollerTest(WallTime wall_start = WallTime(seconds(1'800'000'000)))
      : clock_(wall_start) {
    config_.name = "acme";
    for (StatisticType type : kAllStatisticTypes) config_.statistics[type].enabled = false;
    config_.statistics[StatisticType::kAgentState] = {true, 2, {}};
    config_.statistics[StatisticType::kAcdStatus] = {true, 1, {}};
  }
  ~DomainPollerTest() override {
    if (poller_) poller_->Stop();
  }

  // A transport whose every call five9_ answers.
  std::unique_ptr<FakeTransport> MakeTransport() {
    return std::make_unique<FakeTransport>(
        [this](const SoapHttpRequest& request, std::stop_token stop) {
          return five9_.Serve(request, stop);
        });
  }

  // `restore`: a checkpoint restored before Start (a warm start).
  void StartPoller(const DomainCheckpoint* restore = nullptr) {
    auto transport = MakeTransport();
    auto client = std::make_unique<SupervisorClient>(std::move(transport), ClientOptions{});
    PollerHooks hooks;
    hooks.on_call = [this](std::string_view method, std::string_view outcome,
                           std::chrono::duration<double>) {
      std::lock_guard lock(hooks_mutex_);
      outcomes_.push_back(std::string(method) + ":" + std::string(outcome));
    };
    hooks.on_full_reload = [this](StatisticType type, std::string_view reason) {
      std::lock_guard lock(hooks_mutex_);
      reloads_.push_back(std::string(ToWire(type)) + ":" + std::string(reason));
    };
    hooks.on_admin_queue = [this](size_t queued) {
      std::lock_guard lock(hooks_mutex_);
      admin_queue_reports_.push_back(queued);
    };
    hooks.on_resume_failed = [this] { ++resume_failures_; };
    hooks.on_session_takeover = [this] { ++takeovers_; };
    poller_ = std::make_unique<DomainPoller>(config_, std::move(client), clock_, store_, hooks);
    if (restore) poller_->Restore(*restore);
    poller_->Start();
  }

  // Advances the fake clock whenever the poller sleeps, until `done` or a real deadline.
  bool RunUntil(const std::function<bool()>& done, milliseconds step = milliseconds(500)) {
    return AdvanceUntil(clock_, done, step);
  }
  std::shared_ptr<const DomainSnapshot> Snapshot() { return store_.Get("acme"); }
  bool AllReady() {
    auto snapshot = Snapshot();
    if (!snapshot || snapshot->tables.size() != 2) return false;
    for (const auto& [type, table] : snapshot->tables) {
      if (!table.ready || !table.consistent) return false;
    }
    return snapshot->session_state == "polling";
  }
  std::vector<std::string> Reloads() {
    std::lock_guard lock(hooks_mutex_);
    return reloads_;
  }
  std::vector<std::string> Outcomes() {
    std::lock_guard lock(hooks_mutex_);
    return outcomes_;
  }
  std::vector<size_t> AdminQueueReports() {
    std::lock_guard lock(hooks_mutex_);
    return admin_queue_reports_;
  }
  const TableSnapshot& Table(const DomainSnapshot& snapshot, StatisticType type) {
    return snapshot.tables.at(type);
  }

  DomainConfig config_;
  FakeClock clock_;
  SnapshotStore store_;
  FakeFive9 five9_;
  std::unique_ptr<DomainPoller> poller_;
  std::mutex hooks_mutex_;
  std::vector<std::string> reloads_;
  std::vector<std::string> outcomes_;
  std::vector<size_t> admin_queue_reports_;
  std::atomic<int> resume_failures_{0};
  std::atomic<int> takeovers_{0};
};

TEST_F(DomainPollerTest, StartsSessionLoadsByWeightAndPublishes) {
  StartPoller();
  ASSERT_TRUE(Snapshot());
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  std::vector<std::string> methods = five9_.Methods();
  ASSERT_GE(methods.size(), 5u);
  // What the domain already spent comes first (no session needed, not budget-counted).
  EXPECT_EQ(methods[0], "getCallCountersState");
  EXPECT_EQ(methods[1], "setSessionParameters");
  EXPECT_EQ(methods[2], "getCallCountersState");
  EXPECT_EQ(methods[3], "getUserLimits");
  EXPECT_EQ(methods[4], "getStatistics");
  EXPECT_EQ(five9_.calls()[4].type, "AgentState") << "higher weight first";
  auto snapshot = Snapshot();
  EXPECT_TRUE(snapshot->up);
  EXPECT_EQ(Table(*snapshot, StatisticType::kAgentState).rows.size(), 2u);
  ASSERT_TRUE(snapshot->user_limits.has_value());
  EXPECT_EQ(snapshot->user_limits->supervisor_limit, 10);
  ASSERT_EQ(snapshot->limits.size(), 1u);
  EXPECT_FALSE(snapshot->budget.empty());
  EXPECT_EQ(Reloads(), (std::vector<std::string>{"AgentState:startup", "ACDStatus:startup"}));
  EXPECT_EQ(Outcomes().at(1), "setSessionParameters:ok");
}

TEST_F(DomainPollerTest, AppliesDeltasWithTheTableTimestamp) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  XmlWriter w;
  w.Open("return");
  WriteRow(w, "addedObjects", {"c"});
  w.Open("dataUpdate").Element("columnName", "State").Element("columnValue", "On Call");
  w.Element("objectName", "a").Close("dataUpdate");
  WriteRow(w, "deletedObjects", {"b"});
  w.Element("lastTimestamp", "2000").Element("previousTimestamp", "1000");
  w.Element("type", "AgentState").Close("return");
  five9_.Script("getStatisticsUpdate", Ok("getStatisticsUpdate", w.str()));
  ASSERT_TRUE(RunUntil([&] {
    return Table(*Snapshot(), StatisticType::kAgentState).five9_timestamp == 2000 ||
           Table(*Snapshot(), StatisticType::kAcdStatus).five9_timestamp == 2000;
  }));
  auto snapshot = Snapshot();
  // Whichever type got the scripted answer holds a, c (b deleted).
  for (const auto& [type, table] : snapshot->tables) {
    if (table.five9_timestamp != 2000) continue;
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0]->key, "a");
    EXPECT_EQ(table.rows[0]->cells[1], "On Call");
    EXPECT_EQ(table.rows[1]->key, "c");
  }
  // Every update request carried the table's own timestamp.
  for (const FakeFive9::Call& call : five9_.calls()) {
    if (call.method == "getStatisticsUpdate") {
      EXPECT_TRUE(call.previous_timestamp == 1000 || call.previous_timestamp == 2000);
      EXPECT_GE(call.long_poll_ms, 0);
      EXPECT_LE(call.long_poll_ms, 3000);
    }
  }
}

TEST_F(DomainPollerTest, SessionClosedOpensNewSessionAndReloadsEveryType) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  five9_.Script("getStatisticsUpdate", Fault("SessionClosedFault", {{"message", "replaced"}}));
  ASSERT_TRUE(RunUntil([&] { return Reloads().size() == 4; }));
  EXPECT_EQ(five9_.Count("setSessionParameters"), 2);
  EXPECT_EQ(Reloads()[2], "AgentState:session");
  EXPECT_EQ(Reloads()[3], "ACDStatus:session");
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  auto last = Snapshot();
  const std::vector<FaultRecord>& faults = last->recent_faults;
  ASSERT_FALSE(faults.empty());
  EXPECT_EQ(faults.back().label, "SessionClosedFault");
  EXPECT_EQ(faults.back().method, "getStatisticsUpdate");
}

TEST_F(DomainPollerTest, TypeFaultsReloadOnlyThatType) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  for (auto [fault, reason] : {std::pair{"UnknownTimestampFault", "unknown_timestamp"},
                               {"StatisticsNotRequestedFault", "statistics_not_requested"},
                               {"ConfigurationChangedFault", "configuration_changed"},
                               {"UnknownColumnFault", "unknown_column"}}) {
    const size_t before = Reloads().size();
    five9_.Script("getStatisticsUpdate", Fault(fault));
    ASSERT_TRUE(RunUntil([&] { return Reloads().size() == before + 1; })) << fault;
    EXPECT_NE(Reloads().back().find(reason), std::string::npos) << Reloads().back();
  }
  EXPECT_EQ(five9_.Count("setSessionParameters"), 1);
}

TEST_F(DomainPollerTest, InconsistentTableKeepsLastGoodRowsFlaggedUntilReloaded) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  // A delta naming an unknown column is doubt; the reload then fails once (backoff), so
  // the flagged table stays visible for a while.
  XmlWriter w;
  w.Open("return").Open("dataUpdate").Element("columnName", "Brand New Column");
  w.Element("columnValue", "1").Element("objectName", "a").Close("dataUpdate");
  w.Element("lastTimestamp", "2000").Element("previousTimestamp", "1000").Close("return");
  five9_.Script("getStatisticsUpdate", Ok("getStatisticsUpdate", w.str()));
  five9_.Script("getStatistics", Fault("ServiceUnavailableFault"));
  ASSERT_TRUE(RunUntil(
      [&] {
        auto snapshot = Snapshot();  // held: the store may swap it any moment
        for (const auto& [type, table] : snapshot->tables) {
          if (!table.consistent) return true;
        }
        return false;
      },
      milliseconds(10)));
  auto flagged = Snapshot();
  for (const auto& [type, table] : flagged->tables) {
    EXPECT_TRUE(table.ready);
    EXPECT_EQ(table.rows.size(), 2u) << "last good rows kept";
    EXPECT_EQ(table.five9_timestamp, 1000);
  }
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  EXPECT_NE(Reloads().back().find("inconsistent"), std::string::npos);
}

TEST_F(DomainPollerTest, OperationsLimitExceededRefreshesCountersAndPauses) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  // Five9 now says the 60 s window of QueryChangedStatistics is exhausted.
  five9_.SetCounters({{60, {{"QueryStatistics", 100, 0}, {"QueryChangedStatistics", 100, 100}}}});
  five9_.Script("getStatisticsUpdate",
                Fault("OperationsLimitExceededFault",
                      {{"limit", "100"}, {"operationType", "QueryChangedStatistics"}}));
  const int refreshes = five9_.Count("getCallCountersState");
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("getCallCountersState") > refreshes; }));
  std::vector<std::string> methods = five9_.Methods();
  const int updates = five9_.Count("getStatisticsUpdate");
  const SteadyTime paused_at = clock_.SteadyNow();
  // The counters are held as reported until their window has passed.
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("getStatisticsUpdate") > updates; }));
  EXPECT_GE(clock_.SteadyNow() - paused_at, seconds(59));
}

TEST_F(DomainPollerTest, TransportErrorsBackOffAndRecover) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  five9_.transport_errors = 3;
  ASSERT_TRUE(RunUntil([&] { return Snapshot()->session_state == "backoff"; }, milliseconds(10)));
  EXPECT_FALSE(Snapshot()->up);
  EXPECT_EQ(Snapshot()->backoff, BackoffKind::kShort);
  ASSERT_TRUE(RunUntil([&] { return five9_.transport_errors == 0 && Snapshot()->up; }));
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  EXPECT_EQ(Snapshot()->backoff, BackoffKind::kNone);
  EXPECT_EQ(five9_.Count("setSessionParameters"), 1) << "a transport error keeps the session";
}

TEST_F(DomainPollerTest, AccessFaultsBackOffLong) {
  five9_.Script("setSessionParameters", Fault("UserLimitReachedFault"));
  StartPoller();
  ASSERT_TRUE(WaitUntil([&] { return Snapshot()->session_state == "backoff"; }));
  EXPECT_EQ(Snapshot()->backoff, BackoffKind::kLong);
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("setSessionParameters") == 2; }, seconds(10)));
  EXPECT_GE(clock_.SteadyNow() - SteadyTime{}, seconds(540));
}

TEST_F(DomainPollerTest, UnreadableCountersKeepDefaultLimitsAndPolling) {
  for (int i = 0; i < 10; ++i)
    five9_.Script("getCallCountersState", Fault("AccessDisallowedFault"));
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  auto snapshot = Snapshot();
  EXPECT_TRUE(snapshot->limits.empty());
  EXPECT_EQ(snapshot->recent_faults.at(0).label, "AccessDisallowedFault");
  // Guide defaults at 0.8: one QueryStatistics a minute paced the two loads.
  EXPECT_GE(clock_.SteadyNow() - SteadyTime{}, seconds(120));
}

TEST_F(DomainPollerTest, AdminCallRunsRightAfterTheInFlightPollBeforeTheNextOne) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  five9_.HoldDeltas(true);
  ASSERT_TRUE(RunUntil([&] { return five9_.held(); }));
  const size_t in_flight = five9_.calls().size();
  std::thread admin([&] {
    Result<void> result = poller_->RunAdminCall(
        "startCampaign", [](SupervisorClient& client) { return client.StartCampaign("Sales"); },
        seconds(30));
    EXPECT_TRUE(result.has_value());
  });
  // The admin call queues while the poll is still in flight.
  ASSERT_TRUE(WaitUntil([&] { return poller_->queued_admin_calls() == 1; }));
  EXPECT_TRUE(five9_.held());
  // five9_exporter_admin_queue: 0 at the start, then the queued call.
  ASSERT_TRUE(WaitUntil([&] { return AdminQueueReports().size() >= 2; }));
  EXPECT_EQ(AdminQueueReports().front(), 0u);
  EXPECT_EQ(AdminQueueReports().back(), 1u);
  five9_.HoldDeltas(false);
  admin.join();
  std::vector<std::string> methods = five9_.Methods();
  ASSERT_GT(methods.size(), in_flight + 1);
  // The held poll is recorded when it is answered, then the admin call comes next.
  EXPECT_EQ(methods[in_flight], "getStatisticsUpdate");
  EXPECT_EQ(methods[in_flight + 1], "startCampaign");
  EXPECT_EQ(poller_->queued_admin_calls(), 0u);
  EXPECT_EQ(AdminQueueReports().back(), 0u) << "the call left the queue";
}

// An admin call wakes its own poller only. Before, RunAdminCall woke the clock every domain
// shares (and re-woke it every 10 ms in case the wake was lost).
TEST_F(DomainPollerTest, AdminCallWakesOnlyItsOwnPoller) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  ASSERT_TRUE(WaitUntil([&] { return clock_.sleepers() == 1; }));  // waiting for its next slot
  std::atomic<bool> other_woke_early{false};
  std::jthread other_domain([&](std::stop_token stop) {
    clock_.SleepUntil(SteadyTime::max(), stop);
    other_woke_early = !stop.stop_requested();
  });
  ASSERT_TRUE(WaitUntil([&] { return clock_.sleepers() == 2; }));
  Result<void> result = poller_->RunAdminCall(
      "startCampaign", [](SupervisorClient& client) { return client.StartCampaign("Sales"); },
      seconds(30));
  EXPECT_TRUE(result.has_value());
  // The poller went back to sleep; the other sleeper never left.
  EXPECT_TRUE(WaitUntil([&] { return clock_.sleepers() == 2; }));
  other_domain.request_stop();
  other_domain.join();
  EXPECT_FALSE(other_woke_early);
}

TEST_F(DomainPollerTest, AdminSetSessionParametersReloadsEveryType) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  ViewSettings settings = config_.view_settings;
  settings.statistics_range = "CurrentWeek";
  Result<void> result = poller_->RunAdminCall(
      "setSessionParameters",
      [&](SupervisorClient& client) { return client.SetSessionParameters(settings); }, seconds(30));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(RunUntil([&] { return Reloads().size() == 4; }));
  EXPECT_EQ(Reloads()[2], "AgentState:session");
  EXPECT_EQ(Reloads()[3], "ACDStatus:session");
}

TEST_F(DomainPollerTest, AdminCallsFailCleanlyWithoutSessionOrBudget) {
  Result<void> early = [&] {
    auto transport = MakeTransport();
    DomainPoller idle(config_,
                      std::make_unique<SupervisorClient>(std::move(transport), ClientOptions{}),
                      clock_, store_);
    return idle.RunAdminCall(
        "startCampaign", [](SupervisorClient&) { return Result<void>{}; }, seconds(1));
  }();
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kNotReady);

  // Counters that leave no QueryStatistics for admin getColumnNames-like calls.
  five9_.SetCounters({{60, {{"QueryStatistics", 2, 0}, {"QueryChangedStatistics", 100, 0}}}});
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  Result<void> result = poller_->RunAdminCall(
      "getStatistics", [](SupervisorClient&) { return Result<void>{}; }, seconds(30));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kBudgetExhausted);
}

TEST_F(DomainPollerTest, StopCancelsTheLongPollAndClosesTheSession) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  five9_.HoldDeltas(true);
  ASSERT_TRUE(RunUntil([&] { return five9_.held(); }));
  poller_->Stop();
  EXPECT_EQ(five9_.Methods().back(), "closeSession");
  EXPECT_EQ(Snapshot()->session_state, "closed");
  EXPECT_FALSE(Snapshot()->up);
  Result<void> after = poller_->RunAdminCall(
      "startCampaign", [](SupervisorClient&) { return Result<void>{}; }, seconds(1));
  ASSERT_FALSE(after);
}

// Stops a poller by handing over; returns the checkpoint of its last snapshot.
DomainCheckpoint HandOver(const DomainConfig& config, SnapshotStore& store, DomainPoller& poller,
                          FakeClock& clock) {
  poller.Stop(StopMode::kHandOver);
  auto snapshot = store.Get(config.name);
  return CheckpointFromSnapshot(*snapshot, config, *snapshot->query_statistics_calls, {},
                                clock.WallNow());
}

TEST_F(DomainPollerTest, CountersRefusedAsConcurrentAreReadAgainAfterBackoff) {
  // A predecessor's long poll still running at Five9 refuses our first call.
  five9_.Script("getCallCountersState",
                Fault("ConcurrentModificationFault", {{"message", "in progress"}}));
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady() && !Snapshot()->limits.empty(); }));
  EXPECT_GE(five9_.Count("getCallCountersState"), 2);
}

TEST_F(DomainPollerTest, PreviousProcessesCallsCountAgainstTheWindows) {
  // Five9's counters do not show them (a window that reset, a lagging count): only the
  // checkpoint's call times keep the share. 80 of the 60 s window's 100 (share 0.8) in the
  // last 30 s: the first QueryStatistics call waits for the oldest to leave the window.
  std::vector<WallTime> calls;
  for (int i = 0; i < 80; ++i) calls.push_back(clock_.WallNow() - seconds(30) + milliseconds(i));
  auto transport = MakeTransport();
  poller_ = std::make_unique<DomainPoller>(
      config_, std::make_unique<SupervisorClient>(std::move(transport), ClientOptions{}), clock_,
      store_);
  poller_->CountPreviousCalls(calls);
  const SteadyTime started = clock_.SteadyNow();
  poller_->Start();
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("setSessionParameters") > 0; }));
  EXPECT_GE(clock_.SteadyNow() - started, seconds(29));
  // They stay ours (published once the call has returned): the next checkpoint has 81.
  EXPECT_TRUE(WaitUntil([&] {
    auto snapshot = Snapshot();
    return snapshot && snapshot->query_statistics_calls &&
           snapshot->query_statistics_calls->size() == 81u;
  }));
}

TEST_F(DomainPollerTest, ThreeTakeoversIn30MinutesPauseReopeningForTakeoverBackoff) {
  config_.takeover_backoff = std::chrono::minutes(30);
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  for (int i = 1; i <= 3; ++i) {
    const int sessions = five9_.Count("setSessionParameters");
    five9_.Script("getStatisticsUpdate", Fault("SessionClosedFault", {{"message", "taken"}}));
    if (i < 3) {
      // The first two are re-opened as any lost session is.
      ASSERT_TRUE(
          RunUntil([&] { return five9_.Count("setSessionParameters") > sessions && AllReady(); },
                   seconds(10)));
    } else {
      ASSERT_TRUE(RunUntil([&] { return takeovers_.load() == 3; }));
    }
  }
  const SteadyTime third = clock_.SteadyNow();
  const int sessions = five9_.Count("setSessionParameters");
  ASSERT_TRUE(
      RunUntil([&] { return five9_.Count("setSessionParameters") > sessions; }, seconds(30)));
  EXPECT_GE(clock_.SteadyNow() - third, std::chrono::minutes(30)) << "no fight over the session";
  EXPECT_EQ(takeovers_.load(), 3);
}

TEST_F(DomainPollerTest, HandOverStopKeepsTheSessionOpen) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  poller_->Stop(StopMode::kHandOver);
  EXPECT_EQ(five9_.Count("closeSession"), 0);
  EXPECT_EQ(Snapshot()->session_state, "closed");
}

TEST_F(DomainPollerTest, PublishesOwnQueryStatisticsCallTimes) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  auto snapshot = Snapshot();
  ASSERT_TRUE(snapshot->query_statistics_calls);
  // setSessionParameters + two getStatistics; deltas are QueryChangedStatistics.
  EXPECT_EQ(snapshot->query_statistics_calls->size(), 3u);
}

TEST_F(DomainPollerTest, RestoredCheckpointResumesWithoutQueryStatistics) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  DomainCheckpoint checkpoint = HandOver(config_, store_, *poller_, clock_);
  ASSERT_EQ(checkpoint.tables.size(), 2u);
  const size_t cold_calls = five9_.calls().size();
  store_.Remove("acme");

  StartPoller(&checkpoint);
  // Served at once, before any Five9 call.
  auto first = Snapshot();
  ASSERT_TRUE(first);
  EXPECT_TRUE(Table(*first, StatisticType::kAgentState).ready);
  EXPECT_EQ(Table(*first, StatisticType::kAgentState).rows.size(), 2u);
  EXPECT_EQ(first->session_state, "polling");
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("getStatisticsUpdate") >= 4; }));
  poller_->Stop();
  const std::vector<FakeFive9::Call> calls = five9_.calls();
  std::vector<FakeFive9::Call> warm(calls.begin() + cold_calls, calls.end());
  ASSERT_FALSE(warm.empty());
  EXPECT_EQ(warm.front().method, "getCallCountersState") << "counters first, no session needed";
  for (const FakeFive9::Call& call : warm) {
    EXPECT_NE(call.method, "setSessionParameters");
    EXPECT_NE(call.method, "getStatistics");
    if (call.method == "getStatisticsUpdate") {
      EXPECT_EQ(call.previous_timestamp, 1000) << "the stored timestamp";
    }
  }
  EXPECT_EQ(resume_failures_.load(), 0);
  // The previous process's calls are still ours: they travel on in the next checkpoint.
  EXPECT_EQ(Snapshot()->query_statistics_calls->size(), 3u);
}

TEST_F(DomainPollerTest, ResumedSessionThatIsGoneStartsANewOneAndReloads) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  DomainCheckpoint checkpoint = HandOver(config_, store_, *poller_, clock_);
  const int sessions = five9_.Count("setSessionParameters");
  const int loads = five9_.Count("getStatistics");
  // Five9 ended the session while no process used it: the first call needing it says so.
  five9_.Script("getUserLimits", Fault("SessionClosedFault", {{"message", "idle"}}));
  StartPoller(&checkpoint);
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("getStatistics") >= loads + 2 && AllReady(); }));
  EXPECT_EQ(resume_failures_.load(), 1);
  EXPECT_EQ(five9_.Count("setSessionParameters"), sessions + 1);
}

TEST_F(DomainPollerTest, UnknownTimestampOfARestoredTypeReloadsItAndCountsTheResumeFailed) {
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  DomainCheckpoint checkpoint = HandOver(config_, store_, *poller_, clock_);
  const int loads = five9_.Count("getStatistics");
  five9_.Script("getStatisticsUpdate", Fault("UnknownTimestampFault", {{"message", "old"}}));
  StartPoller(&checkpoint);
  ASSERT_TRUE(RunUntil([&] { return five9_.Count("getStatistics") >= loads + 1 && AllReady(); }));
  EXPECT_EQ(resume_failures_.load(), 1);
  EXPECT_EQ(five9_.Count("getStatistics"), loads + 1) << "only the faulted type reloads";
}

TEST_F(DomainPollerTest, ChatLoopFillsTheBuffer) {
  config_.chat_receive = true;
  five9_.Script("receiveMessages",
                Ok("receiveMessages",
                   "<return><messages><chatId>c1</chatId><text>hi</text><timestamp>5</timestamp>"
                   "<type>TEXT</type></messages><timestamp>7</timestamp></return>"));
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return !poller_->chat().Since(0, 10).empty(); }));
  EXPECT_EQ(poller_->chat().Since(0, 10).at(0).text, "hi");
}

}  // namespace
}  // namespace five9exp

namespace five9exp {
namespace {

// Ten minutes before daylight saving time ends in Los Angeles (2026-11-01 09:00 UTC).
class DomainPollerZoneTest : public DomainPollerTest {
 protected:
  DomainPollerZoneTest() : DomainPollerTest(WallTime(seconds(1'793'523'600 - 600))) {}
};

TEST_F(DomainPollerZoneTest, SendsTheCurrentOffsetAndResendsAtTheTransition) {
  auto zone = TimeZone::Named("America/Los_Angeles");
  ASSERT_TRUE(zone.has_value()) << zone.error().message;
  config_.time_zone = *zone;
  config_.view_settings.time_zone_ms = 0;  // stale on purpose: the poller computes its own
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  std::vector<FakeFive9::Call> sessions;
  for (const auto& call : five9_.calls()) {
    if (call.method == "setSessionParameters") sessions.push_back(call);
  }
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].time_zone, "-25200000");  // PDT
  ASSERT_TRUE(
      RunUntil([&] { return five9_.Count("setSessionParameters") == 2; }, milliseconds(2000)));
  EXPECT_GE(clock_.WallNow(), WallTime(seconds(1'793'523'600)));
  sessions.clear();
  for (const auto& call : five9_.calls()) {
    if (call.method == "setSessionParameters") sessions.push_back(call);
  }
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[1].time_zone, "-28800000");  // PST
  ASSERT_TRUE(RunUntil([&] { return Reloads().size() >= 4; }));
  const auto reloads = Reloads();
  EXPECT_NE(std::find(reloads.begin(), reloads.end(), "AgentState:time_zone"), reloads.end())
      << ::testing::PrintToString(reloads);
  EXPECT_NE(std::find(reloads.begin(), reloads.end(), "ACDStatus:time_zone"), reloads.end());
}

TEST_F(DomainPollerZoneTest, FixedOffsetsAreSentAsConfiguredAndNeverResent) {
  config_.time_zone = TimeZone::Fixed(std::chrono::hours(-7));
  config_.view_settings.time_zone_ms = -25'200'000;
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  // Past the Los Angeles transition: nothing to re-send for a fixed offset.
  const WallTime after = WallTime(seconds(1'793'523'600 + 120));
  ASSERT_TRUE(RunUntil([&] { return clock_.WallNow() >= after; }, milliseconds(2000)));
  EXPECT_EQ(five9_.Count("setSessionParameters"), 1);
  for (const FakeFive9::Call& call : five9_.calls()) {
    if (call.method == "setSessionParameters") EXPECT_EQ(call.time_zone, "-25200000");
  }
}

}  // namespace
}  // namespace five9exp
