// The fault matrix: every fault five9_sim can produce (each WSDL fault of its codec's table
// and each other kind of injected misbehaviour) is injected into every Five9 method that can
// receive it, and the outcome is checked against the fault-to-action table of SPEC
// "Admin API" and FIELD-NOTES "Fault to action".
//
// The lists come from the code's own tables, so a new entry fails here until it is covered:
// the faults from five9sim::WsdlFaultNames() and kAllInjectionKinds (and they must equal the
// exporter's FaultType table), the admin methods from AdminRoutes() (a route without a
// request below fails), the poller's methods from the calls a real poller makes.
//
// Both halves run against an in-process five9_sim over HTTP: the admin half through AdminApi
// with a runner that makes each call on a real client at once; the poller half through a
// real DomainPoller on a fake clock (backoffs pass without waiting).

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "exporter/common/clock.h"
#include "exporter/five9/fault.h"
#include "exporter/five9/http_transport.h"
#include "exporter/statistics/domain_poller.h"
#include "exporter/testing/wait.h"
#include "exporter/web/admin_api.h"
#include "exporter/web/admin_routes.h"
#include "exporter/web/web_test_support.h"
#include "simulator/fault_injector.h"
#include "simulator/sim_server.h"
#include "simulator/soap_codec.h"

namespace five9exp {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr char kSecret[] = "matrix-Secret-0123456789abcdef";
constexpr char kCampaign[] = "Matrix Campaign";

// SPEC "Admin API": the HTTP status an admin call answers when Five9 answers `fault`.
int ExpectedAdminStatus(std::string_view fault) {
  static const std::map<std::string_view, int> kSpecial = {
      {"CampaignNotFoundFault", 404},    {"AgentNotFoundFault", 404},
      {"WrongCampaignStateFault", 409},  {"ConcurrentModificationFault", 409},
      {"CampaignStateUpdateFault", 409}, {"WrongCampaignTypeFault", 409},
      {"StationNotLoggedInFault", 409},  {"OperationsLimitExceededFault", 429},
  };
  auto it = kSpecial.find(fault);
  return it == kSpecial.end() ? 502 : it->second;  // 502: other Five9 faults
}

// FIELD-NOTES "Fault to action", written out fault by fault (a new fault needs a line).
const std::map<std::string, FaultAction>& ExpectedActions() {
  static const std::map<std::string, FaultAction> kActions = {
      {"SessionClosedFault", FaultAction::kNewSession},
      {"SessionNotInitializedFault", FaultAction::kNewSession},
      {"UnknownTimestampFault", FaultAction::kReloadType},
      {"StatisticsNotRequestedFault", FaultAction::kReloadType},
      {"ConfigurationChangedFault", FaultAction::kReloadType},
      {"UnknownColumnFault", FaultAction::kDropColumnFilterAndReload},
      {"OperationsLimitExceededFault", FaultAction::kWaitForWindow},
      {"UserLimitReachedFault", FaultAction::kBackOffLong},
      {"InvalidAccountFault", FaultAction::kBackOffLong},
      {"AccessDisallowedFault", FaultAction::kBackOffLong},
      {"ServiceUnavailableFault", FaultAction::kRetryWithBackoff},
      {"ServerFault", FaultAction::kRetryWithBackoff},
      {"MissedArgumentFault", FaultAction::kReportToCaller},
      {"IncorrectArgumentFault", FaultAction::kReportToCaller},
      {"ChatFault", FaultAction::kReportToCaller},
      {"UserAlreadyLoggedInFault", FaultAction::kReportToCaller},
      {"StationNotFoundFault", FaultAction::kReportToCaller},
      {"WrongCampaignTypeFault", FaultAction::kReportToCaller},
      {"ConcurrentModificationFault", FaultAction::kReportToCaller},
      {"CampaignNotFoundFault", FaultAction::kReportToCaller},
      {"CampaignStateUpdateFault", FaultAction::kReportToCaller},
      {"StationNotLoggedInFault", FaultAction::kReportToCaller},
      {"ReconnectStationFault", FaultAction::kReportToCaller},
      {"AgentNotFoundFault", FaultAction::kReportToCaller},
      {"WrongCampaignStateFault", FaultAction::kReportToCaller},
      {"DispositionNotFoundFault", FaultAction::kReportToCaller},
      {"AgentMonitorFault", FaultAction::kReportToCaller},
  };
  return kActions;
}

// One injection: what five9_sim's control API is asked, and its name in messages.
struct Injected {
  std::string name;                   // the fault name, or the injection kind
  json args;                          // POST /control/inject arguments without "method"
  int admin_status;                   // expected answer of an admin call that receives it
  std::optional<FaultAction> action;  // expected ActionFor (nullopt: not a SOAP fault)
};

// Every misbehaviour the simulator can produce: each WSDL fault, each other injection kind.
std::vector<Injected> EverythingTheSimulatorCanProduce() {
  std::vector<Injected> out;
  for (const std::string& fault : five9sim::WsdlFaultNames()) {
    json args = {{"kind", "fault"}, {"fault", fault}, {"message", "matrix " + fault}};
    if (fault == "OperationsLimitExceededFault") {
      args["fields"] = {{"limit", "100"}, {"operationType", "QueryStatistics"}};
    }
    auto action = ExpectedActions().find(fault);
    out.push_back(
        {fault, args, ExpectedAdminStatus(fault),
         action == ExpectedActions().end() ? std::nullopt : std::optional(action->second)});
  }
  for (five9sim::InjectionKind kind : five9sim::kAllInjectionKinds) {
    const std::string name(five9sim::InjectionKindName(kind));
    if (kind == five9sim::InjectionKind::kFault) continue;  // each fault above
    if (kind == five9sim::InjectionKind::kLatency) {
      // A short delay must change nothing: the call still succeeds.
      out.push_back({name, {{"kind", name}, {"ms", 50}}, 0, std::nullopt});
      continue;
    }
    json args = {{"kind", name}};
    if (kind == five9sim::InjectionKind::kHttpStatus) args["status"] = 503;
    out.push_back({name, args, 502, FaultAction::kRetryWithBackoff});
  }
  return out;
}

TEST(FaultMatrixTables, TheExporterKnowsEveryFaultTheSimulatorProduces) {
  std::set<std::string> exporter;
  for (int i = 0; i < kFaultTypeCount; ++i) {
    exporter.insert(std::string(FaultTypeName(static_cast<FaultType>(i))));
  }
  const auto simulator = five9sim::WsdlFaultNames();
  EXPECT_EQ(exporter, std::set<std::string>(simulator.begin(), simulator.end()));
  for (const std::string& fault : simulator) {
    EXPECT_TRUE(ExpectedActions().contains(fault))
        << fault << " has no line in the fault-to-action table of this test";
  }
}

five9sim::SimOptions SimOptionsForMatrix() {
  five9sim::SimOptions o;
  o.users = {{"matrix", "matrix-pw", 0}};
  o.domain.seed = 5;
  o.domain.agents = 6;
  o.domain.skills = 2;
  o.time_scale = 1e-6;  // the model stands still
  o.limit_rules = {{"QueryStatistics", 60s, 1000000}, {"QueryChangedStatistics", 60s, 1000000}};
  return o;
}

std::unique_ptr<SupervisorClient> ClientFor(five9sim::SimServer& server) {
  HttpTransportOptions t;
  t.endpoint = server.soap_url();
  t.username = "matrix";
  t.password = "matrix-pw";
  auto transport = HttpTransport::Create(t);
  EXPECT_TRUE(transport) << transport.error().ToString();
  ClientOptions options;
  options.read_timeout_margin = 10s;
  return std::make_unique<SupervisorClient>(std::move(*transport), options);
}

// The request of each admin route (by action); a route missing here fails the test.
struct AdminCall {
  std::string method, path, body;
};
std::map<std::string, AdminCall> AdminCalls(const std::string& agent) {
  const std::string campaign = "campaigns/Matrix%20Campaign";
  const std::string monitoring = "agents/" + agent + "/monitoring";
  return {
      {"campaign_start", {"POST", campaign + "/start", ""}},
      {"campaign_stop", {"POST", campaign + "/stop", ""}},
      {"campaign_force_stop", {"POST", campaign + "/force-stop", ""}},
      {"campaign_reset", {"POST", campaign + "/reset", ""}},
      {"campaign_reset_dispositions",
       {"POST", campaign + "/reset-dispositions",
        R"({"dispositions":["No Answer"],"after":"2026-11-28T13:59:42Z"})"}},
      {"chat_create", {"POST", "chats", ""}},
      {"chat_close", {"DELETE", "chats/chat-1", ""}},
      {"chat_message", {"POST", "chats/chat-1/messages", R"({"text":"hello"})"}},
      {"chat_invite", {"POST", "chats/chat-1/invites", R"({"role":"Agent","userId":1})"}},
      {"chat_accept", {"POST", "chats/chat-1/accept", R"({"accepted":true})"}},
      {"chat_remove_participant", {"DELETE", "chats/chat-1/participants/Agent/1", ""}},
      {"broadcast", {"POST", "broadcasts", R"({"type":"ALL","text":"hello"})"}},
      {"info_message", {"POST", "info-messages", R"({"role":"Agent","userId":1,"text":"hi"})"}},
      {"chat_messages", {"GET", "chat-messages?since=0", ""}},
      {"station_login", {"POST", "station/login", R"({"stationName":"matrix-station"})"}},
      {"station_reconnect", {"POST", "station/reconnect", ""}},
      {"monitoring_start", {"POST", monitoring, R"({"mode":"Silence"})"}},
      {"monitoring_stop", {"DELETE", monitoring, ""}},
      {"monitoring_supervisors", {"GET", "agents/" + agent + "/supervisors", ""}},
      {"campaigns_list", {"GET", "campaigns", ""}},
      {"dispositions", {"GET", "dispositions", ""}},
      {"users_logged_in", {"GET", "users/logged-in", ""}},
      {"my_skills", {"GET", "me/skills", ""}},
      {"my_groups", {"GET", "me/groups", ""}},
      {"my_permissions", {"GET", "me/permissions", ""}},
      {"user_limits", {"GET", "user-limits", ""}},
      {"limits", {"GET", "limits", ""}},
      {"statistics", {"GET", "statistics/AgentState", ""}},
      {"session_get", {"GET", "session", ""}},
      {"session_set",
       {"PUT", "session",
        R"({"viewSettings":{"rollingPeriod":"Minutes30","statisticsRange":"CurrentDay",)"
        R"("shiftStart":0,"timeZone":0}})"}},
  };
}

class AdminFaultMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = five9sim::SimServer::Start(SimOptionsForMatrix());
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
    client_ = ClientFor(*server_);
    ViewSettings settings;
    settings.idle_timeout_s = 1800;
    settings.rolling_period = "Minutes30";
    settings.statistics_range = "CurrentDay";
    ASSERT_TRUE(client_->SetSessionParameters(settings));
    runner_ = std::make_unique<testing::FakeRunner>(*client_);
    AdminApiOptions options;
    options.admin.enabled = true;
    options.admin.rate_limit_per_second = 1e6;
    options.admin.rate_limit_burst = 1 << 20;
    options.admin.tokens = {
        AdminToken{"matrix", kSecret, {"read", "campaigns", "chat", "monitoring", "session"}, ""}};
    api_ = std::make_unique<AdminApi>(options, store_, clock_, AdminRequestCounter{});
    api_->SetDomains({DomainHandle{"acme", runner_.get(), &chat_, {}}});
    auto snapshot = std::make_shared<DomainSnapshot>();
    snapshot->domain = "acme";
    snapshot->up = true;
    snapshot->session_state = "polling";
    snapshot->tables[StatisticType::kCampaignState] = testing::MakeTable(
        StatisticType::kCampaignState, {"Campaign Name", "State"}, {{kCampaign, "NOT_RUNNING"}});
    store_.Publish(snapshot);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  HttpResponse Call(const AdminCall& call) {
    HttpRequest request;
    request.method = call.method;
    std::string path = call.path;
    if (auto q = path.find('?'); q != std::string::npos) {
      const std::string query = path.substr(q + 1);
      path.resize(q);
      const auto eq = query.find('=');
      request.query.emplace_back(query.substr(0, eq), query.substr(eq + 1));
    }
    request.raw_path = "/api/v1/domains/acme/" + path;
    request.headers = {{"Authorization", std::string("Bearer ") + kSecret}};
    if (!call.body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = call.body;
    request.remote_addr = "127.0.0.1";
    return api_->Handle(request);
  }

  std::unique_ptr<five9sim::SimServer> server_;
  std::unique_ptr<SupervisorClient> client_;
  std::unique_ptr<testing::FakeRunner> runner_;
  FakeClock clock_;
  SnapshotStore store_;
  ChatBuffer chat_;
  std::unique_ptr<AdminApi> api_;
};

TEST_F(AdminFaultMatrixTest, EveryFaultIntoEveryAdminMethod) {
  const auto agents = server_->model().AgentUsernames();
  ASSERT_FALSE(agents.empty());
  const auto calls = AdminCalls(agents.front());
  const auto injections = EverythingTheSimulatorCanProduce();
  int cells = 0;
  std::set<std::string> methods;
  for (const AdminRoute& route : AdminRoutes()) {
    auto it = calls.find(std::string(route.action));
    ASSERT_NE(it, calls.end()) << "admin route " << route.method << " " << route.pattern << " ("
                               << route.action << ") has no request in the matrix";
    const AdminCall& call = it->second;
    ASSERT_EQ(call.method, route.method) << route.action;
    // Which Five9 method the route calls (none: served from the cache).
    const size_t before = runner_->methods().size();
    (void)Call(call);
    const auto made = runner_->methods();
    if (made.size() == before) continue;
    ASSERT_EQ(made.size(), before + 1) << route.action << " made more than one Five9 call";
    const std::string& method = made.back();
    methods.insert(method);
    for (const Injected& injected : injections) {
      SCOPED_TRACE(std::string(route.action) + " <- " + injected.name + " on " + method);
      json args = injected.args;
      args["method"] = method;
      args["count"] = 1;
      auto done = server_->control().Execute("inject", args);
      ASSERT_TRUE(done) << done.error().ToString();
      const HttpResponse response = Call(call);
      ++cells;
      if (injected.admin_status == 0) {
        // Latency only: the call still reaches Five9 and gets its ordinary answer (which
        // may be the simulator's own fault for this state), never a timeout or transport
        // error.
        const json body = json::parse(response.body, nullptr, false);
        const std::string code =
            response.status < 400 ? "" : body["error"]["code"].get<std::string>();
        EXPECT_TRUE(code.empty() || code.ends_with("Fault")) << response.body;
      } else {
        EXPECT_EQ(response.status, injected.admin_status) << response.body;
        const json body = json::parse(response.body, nullptr, false);
        ASSERT_TRUE(body.is_object() && body.contains("error")) << response.body;
        if (injected.args["kind"] == "fault") {
          EXPECT_EQ(body["error"]["code"], injected.name) << response.body;
        }
        if (response.status == 429) EXPECT_NE(response.Header("Retry-After"), "");
      }
      // The injection was consumed by this call, none is left for the next cell.
      ASSERT_TRUE(server_->control().Execute("clear-injections", json::object()));
    }
  }
  EXPECT_GE(methods.size(), 20u) << "the admin API lost Five9 methods?";
  std::printf("admin fault matrix: %d cells (%zu Five9 methods x %zu injections)\n", cells,
              methods.size(), injections.size());
}

// ------------------------------------------------------------------ the poller half

// A real DomainPoller on a fake clock against the simulator: time advances only while the
// poller sleeps (backoffs, pacing), so a 10-minute long backoff passes at once.
class PollerFaultMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = five9sim::SimServer::Start(SimOptionsForMatrix());
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
    config_.name = "acme";
    config_.max_long_poll = 200ms;  // real time: the simulator's long poll
    config_.chat_receive = true;
    for (StatisticType type : kAllStatisticTypes) config_.statistics[type].enabled = false;
    config_.statistics[StatisticType::kAgentState] = {true, 2, {}};
    config_.statistics[StatisticType::kAcdStatus] = {true, 1, {}};
  }
  void TearDown() override {
    StopPoller();
    if (server_) server_->Stop();
  }

  void StartPoller() {
    clock_ = std::make_unique<FakeClock>();
    store_ = std::make_unique<SnapshotStore>();
    {
      std::lock_guard lock(mutex_);
      outcomes_.clear();
      reloads_.clear();
    }
    PollerHooks hooks;
    hooks.on_call = [this](std::string_view method, std::string_view outcome,
                           std::chrono::duration<double>) {
      std::lock_guard lock(mutex_);
      outcomes_.push_back(std::string(method) + ":" + std::string(outcome));
    };
    hooks.on_full_reload = [this](StatisticType type, std::string_view reason) {
      std::lock_guard lock(mutex_);
      reloads_.push_back(std::string(ToWire(type)) + ":" + std::string(reason));
    };
    poller_ = std::make_unique<DomainPoller>(config_, ClientFor(*server_), *clock_, *store_, hooks);
    poller_->Start();
  }
  void StopPoller() {
    if (poller_) poller_->Stop();
    poller_.reset();
  }

  bool AllReady() {
    auto snapshot = store_->Get("acme");
    if (!snapshot || snapshot->tables.size() != 2 || !snapshot->up) return false;
    for (const auto& [type, table] : snapshot->tables) {
      if (!table.ready || !table.consistent) return false;
    }
    return snapshot->session_state == "polling";
  }
  // Advances the fake clock while the poller sleeps, until `done` (real deadline: generous,
  // the machine may be loaded; a real HTTP call may be in flight).
  bool RunUntil(const std::function<bool()>& done) {
    return AdvanceUntil(*clock_, done, 500ms, 60s, AfterStep::kRace);
  }
  std::vector<std::string> Outcomes() {
    std::lock_guard lock(mutex_);
    return outcomes_;
  }
  std::vector<std::string> Reloads() {
    std::lock_guard lock(mutex_);
    return reloads_;
  }
  // Index of the first outcome of `method` other than "ok", or -1.
  int FirstFailure(const std::string& method) {
    const auto outcomes = Outcomes();
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].starts_with(method + ":") && outcomes[i] != method + ":ok") {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  bool OkAfter(const std::string& method, int index) {
    const auto outcomes = Outcomes();
    for (size_t i = index + 1; i < outcomes.size(); ++i) {
      if (outcomes[i] == method + ":ok") return true;
    }
    return false;
  }

  std::unique_ptr<five9sim::SimServer> server_;
  DomainConfig config_;
  std::unique_ptr<FakeClock> clock_;
  std::unique_ptr<SnapshotStore> store_;
  std::unique_ptr<DomainPoller> poller_;
  std::mutex mutex_;
  // State below is protected by mutex_.
  std::vector<std::string> outcomes_;
  std::vector<std::string> reloads_;
};

TEST_F(PollerFaultMatrixTest, EveryFaultIntoEveryPollerMethod) {
  // The methods a poller calls: whatever a real one calls from start to stop.
  StartPoller();
  ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
  ASSERT_TRUE(RunUntil([&] {
    for (const auto& o : Outcomes()) {
      if (o.starts_with("receiveMessages:")) return true;
    }
    return false;
  }));
  StopPoller();
  std::set<std::string> methods;
  for (const auto& outcome : Outcomes()) methods.insert(outcome.substr(0, outcome.find(':')));
  for (const char* expected : {"setSessionParameters", "getCallCountersState", "getStatistics",
                               "getStatisticsUpdate", "receiveMessages", "closeSession"}) {
    EXPECT_TRUE(methods.contains(expected)) << expected << " no longer called by the poller?";
  }

  int cells = 0;
  for (const std::string& method : methods) {
    for (const Injected& injected : EverythingTheSimulatorCanProduce()) {
      SCOPED_TRACE(injected.name + " on " + method);
      ASSERT_TRUE(server_->control().Execute("clear-injections", json::object()));
      // Statistics Five9 no longer has for this session must not linger from the last cell.
      (void)server_->control().Execute("close-session", {{"user", "matrix"}, {"reason", "cell"}});
      json args = injected.args;
      args["method"] = method;
      args["count"] = 1;
      ++cells;
      if (method == "closeSession") {
        StartPoller();
        ASSERT_TRUE(RunUntil([&] { return AllReady(); }));
        ASSERT_TRUE(server_->control().Execute("inject", args));
        StopPoller();  // must end (no hang) whatever closeSession answers
        continue;
      }
      ASSERT_TRUE(server_->control().Execute("inject", args));
      StartPoller();
      if (!injected.action) {  // latency: the call succeeds, polling goes on
        ASSERT_TRUE(RunUntil([&] { return AllReady(); })) << "never ready";
        EXPECT_EQ(FirstFailure(method), -1);
        StopPoller();
        continue;
      }
      ASSERT_TRUE(RunUntil([&] { return FirstFailure(method) >= 0; }))
          << "the injection never reached " << method;
      const int failed = FirstFailure(method);
      const std::string outcome = Outcomes()[failed];
      if (injected.args["kind"] == "fault") {
        EXPECT_EQ(outcome, method + ":" + injected.name) << "counted under another outcome";
      }
      // Whatever the fault, the poller recovers on its own: every table ready and
      // consistent again, the session polling.
      ASSERT_TRUE(RunUntil([&] { return AllReady() && OkAfter(method, failed); }))
          << "no recovery after " << outcome;
      // The action of FIELD-NOTES, where it shows from outside.
      const bool statistics = method == "getStatistics" || method == "getStatisticsUpdate" ||
                              method == "setSessionParameters";
      if (statistics) {
        switch (*injected.action) {
          case FaultAction::kNewSession:
            EXPECT_TRUE(OkAfter("setSessionParameters", failed)) << "no new session";
            break;
          case FaultAction::kReloadType:
          case FaultAction::kDropColumnFilterAndReload:
            if (method == "getStatisticsUpdate") {
              const auto reloads = Reloads();
              EXPECT_TRUE(!reloads.empty() && !reloads.back().ends_with(":startup"))
                  << "no reload of the type";
            }
            break;
          case FaultAction::kWaitForWindow:
            EXPECT_TRUE(OkAfter("getCallCountersState", failed)) << "counters not re-read";
            break;
          case FaultAction::kBackOffLong:
          case FaultAction::kRetryWithBackoff:
          case FaultAction::kReportToCaller:
            break;  // the retry after a backoff: OkAfter(method) above
        }
      }
      StopPoller();
    }
  }
  std::printf("poller fault matrix: %d cells (%zu methods)\n", cells, methods.size());
}

}  // namespace
}  // namespace five9exp
