// End-to-end tests of five9_sim: the typed client (exporter/five9) talks HTTP to an
// in-process SimServer on an ephemeral loopback port. Every SOAP response (and every fault
// detail) is validated against the reference WSDL's schema when the reference folder exists.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "exporter/five9/client.h"
#include "exporter/five9/envelope.h"
#include "exporter/five9/http_transport.h"
#include "exporter/five9/reference_dir.h"
#include "exporter/five9/wsdl_schema.h"
#include "exporter/five9/xml.h"
#include "exporter/testing/wait.h"
#include "simulator/scenario.h"
#include "simulator/sim_server.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

using namespace std::chrono_literals;
using five9exp::ErrorCode;
using five9exp::Result;
using five9exp::StatisticType;
using five9exp::SupervisorClient;
using five9exp::WaitUntil;
using nlohmann::json;

bool ReferencePresent() { return five9exp::ReferenceWsdlAvailable(); }

// Validates a SOAP response: the payload of a normal answer, or the detail element of a fault.
// Bodies that are not well-formed XML (injected breakage, HTTP error pages) are skipped.
Result<void> ValidateResponse(const std::string& body) {
  auto doc = five9exp::XmlDocument::Parse(body);
  if (!doc || doc->Root().LocalName() != "Envelope") return {};
  if (body.find(":Fault>") != std::string::npos || body.find("<soap:Fault") != std::string::npos) {
    auto open = body.find("<detail>");
    auto close = body.find("</detail>");
    if (open == std::string::npos || close == std::string::npos) return {};  // soap:Client
    std::string inner = body.substr(open + 8, close - open - 8);
    std::string envelope =
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" +
        inner + "</soap:Body></soap:Envelope>";
    return five9exp::ValidateSoapPayload(envelope);
  }
  return five9exp::ValidateSoapPayload(body);
}

// With FIVE9_RECORD_RESPONSES_DIR set (scripts/fuzz.sh), every answer the simulator gives
// is written there once (named by its hash): seeds for the response parser fuzz targets.
void RecordForFuzzing(const std::string& body) {
  static const char* dir = std::getenv("FIVE9_RECORD_RESPONSES_DIR");
  if (dir == nullptr || *dir == '\0') return;
  const auto name = std::filesystem::path(dir) / std::to_string(std::hash<std::string>{}(body));
  std::ofstream(name, std::ios::binary) << body;
}

// A Transport decorator that schema-checks every answer and records failures.
class ValidatingTransport final : public five9exp::Transport {
 public:
  ValidatingTransport(std::unique_ptr<five9exp::Transport> inner, std::vector<std::string>* errors,
                      std::mutex* mutex)
      : inner_(std::move(inner)), errors_(errors), mutex_(mutex) {}
  Result<five9exp::SoapHttpResponse> Post(const five9exp::SoapHttpRequest& request,
                                          std::stop_token stop) override {
    auto response = inner_->Post(request, stop);
    if (response) RecordForFuzzing(response->body);
    if (response && ReferencePresent()) {
      if (auto valid = ValidateResponse(response->body); !valid) {
        std::lock_guard lock(*mutex_);
        errors_->push_back(valid.error().message + " IN " + response->body.substr(0, 400));
      }
    }
    return response;
  }

 private:
  std::unique_ptr<five9exp::Transport> inner_;
  std::vector<std::string>* errors_;
  std::mutex* mutex_;
};

std::string FaultName(const five9exp::Error& e) {
  return e.code == ErrorCode::kFault ? e.fault.name : e.Label();
}

five9exp::ViewSettings Settings(int idle_s = 600) {
  five9exp::ViewSettings s;
  s.idle_timeout_s = idle_s;
  s.rolling_period = "Minutes30";
  s.statistics_range = "CurrentDay";
  s.shift_start_ms = 0;
  s.time_zone_ms = -25200000;
  return s;
}

// Relaxed limits for tests that are not about limits.
std::vector<LimitRule> RelaxedRules() {
  return {{"QueryStatistics", 60s, 100000}, {"QueryChangedStatistics", 60s, 100000}};
}

class SimTest : public ::testing::Test {
 protected:
  static SimOptions Options() {
    SimOptions o;
    o.users = {{"alice", "pw-alice", 0}, {"bob", "pw-bob", 0}};
    o.domain.seed = 7;
    o.domain.agents = 12;
    o.domain.skills = 3;
    o.time_scale = 1e-6;  // the model stands still unless a test changes it
    o.limit_rules = RelaxedRules();
    return o;
  }

  void Start(SimOptions options = Options()) {
    auto server = SimServer::Start(std::move(options));
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }

  void TearDown() override {
    if (server_) server_->Stop();
    std::lock_guard lock(schema_mutex_);
    // Strict mode (CI): the schema checks of every answer must have run.
    five9exp::ReferenceCheckable(five9exp::kReferenceWsdl);
    EXPECT_TRUE(schema_errors_.empty())
        << schema_errors_.size()
        << " schema errors, first: " << (schema_errors_.empty() ? "" : schema_errors_.front());
  }

  std::unique_ptr<five9exp::Transport> Transport(const std::string& user,
                                                 const std::string& password,
                                                 const std::string& url = "") {
    five9exp::HttpTransportOptions t;
    t.endpoint = url.empty() ? server_->soap_url() : url;
    t.username = user;
    t.password = password;
    auto transport = five9exp::HttpTransport::Create(t);
    EXPECT_TRUE(transport) << transport.error().ToString();
    return std::make_unique<ValidatingTransport>(std::move(*transport), &schema_errors_,
                                                 &schema_mutex_);
  }

  std::unique_ptr<SupervisorClient> Client(const std::string& user = "alice",
                                           const std::string& password = "pw-alice") {
    five9exp::ClientOptions options;
    options.read_timeout_margin = 5000ms;
    return std::make_unique<SupervisorClient>(Transport(user, password), options);
  }

  Result<five9exp::SoapHttpResponse> Raw(const std::string& body, const std::string& user = "alice",
                                         const std::string& password = "pw-alice") {
    return Transport(user, password)->Post({body, 10s}, {});
  }

  // POST /control/<action> over HTTP (what a test harness or `curl` does).
  json Control(const std::string& action, const json& args) {
    five9exp::HttpTransportOptions t;
    t.endpoint = server_->base_url() + "/control/" + action;
    auto transport = five9exp::HttpTransport::Create(t);
    EXPECT_TRUE(transport);
    auto response = (*transport)->Post({args.dump(), 10s}, {});
    EXPECT_TRUE(response) << response.error().ToString();
    if (!response) return json();
    EXPECT_EQ(response->status, 200) << action << ": " << response->body;
    return json::parse(response->body, nullptr, false);
  }

  int InFlight(const std::string& user) {
    for (const SessionView& v : server_->sessions().Views()) {
      if (v.user == user) return v.in_flight;
    }
    return -1;
  }

  std::string SessionState(const std::string& user) {
    for (const SessionView& v : server_->sessions().Views()) {
      if (v.user == user) return v.state;
    }
    return "";
  }

  std::string FirstAgent() { return server_->model().AgentUsernames().front(); }

  std::unique_ptr<SimServer> server_;
  std::mutex schema_mutex_;
  std::vector<std::string> schema_errors_;
};

// ---------------------------------------------------------------- sessions and auth

TEST_F(SimTest, RejectsMissingOrWrongCredentialsWith401) {
  Start();
  auto wrong = Raw(five9exp::BuildGetApiVersionsRequest(), "alice", "nope");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto unknown = Raw(five9exp::BuildGetApiVersionsRequest(), "mallory", "pw-alice");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  auto ok = Raw(five9exp::BuildGetApiVersionsRequest());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(SimTest, CallsBeforeSetSessionParametersGetSessionNotInitialized) {
  Start();
  auto client = Client();
  auto stats = client->GetStatistics(StatisticType::kAgentState);
  ASSERT_FALSE(stats);
  EXPECT_EQ(FaultName(stats.error()), "SessionNotInitializedFault");
  // Calls outside the guide's session table work without one.
  EXPECT_TRUE(client->GetApiVersions());
  EXPECT_TRUE(client->GetCallCountersState());
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto params = client->GetSessionParameters();
  ASSERT_TRUE(params) << params.error().ToString();
  EXPECT_EQ(*params, Settings());
  EXPECT_TRUE(client->GetStatistics(StatisticType::kAgentState));
}

TEST_F(SimTest, SetSessionParametersValidatesViewSettings) {
  Start();
  auto client = Client();
  auto bad = client->SetSessionParameters(Settings(30));  // idleTimeOut below 60 s
  ASSERT_FALSE(bad);
  EXPECT_EQ(FaultName(bad.error()), "IncorrectArgumentFault");
}

TEST_F(SimTest, CloseSessionEndsTheSession) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  ASSERT_TRUE(client->CloseSession());
  auto after = client->GetStatistics(StatisticType::kAcdStatus);
  ASSERT_FALSE(after);
  EXPECT_EQ(FaultName(after.error()), "SessionNotInitializedFault");
}

TEST_F(SimTest, ControlApiCloseGivesSessionClosedUntilANewSession) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  EXPECT_EQ(Control("close-session", {{"user", "alice"}})["closed"], true);
  for (int i = 0; i < 2; ++i) {
    auto after = client->GetStatistics(StatisticType::kAcdStatus);
    ASSERT_FALSE(after);
    EXPECT_EQ(FaultName(after.error()), "SessionClosedFault");
  }
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  EXPECT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));
}

TEST_F(SimTest, IdleTimeoutClosesASilentSession) {
  SimOptions o = Options();
  o.idle_scale = 0.005;  // idleTimeOut 60 s -> 0.3 s
  Start(o);
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings(60)));
  ASSERT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));
  ASSERT_TRUE(WaitUntil([&] { return SessionState("alice") == "closed"; }));
  auto after = client->GetStatistics(StatisticType::kAcdStatus);
  ASSERT_FALSE(after);
  EXPECT_EQ(FaultName(after.error()), "SessionClosedFault");
}

TEST_F(SimTest, ConcurrentRequestOfTheSameUserIsDenied) {
  Start();
  auto poller = Client();
  ASSERT_TRUE(poller->SetSessionParameters(Settings()));
  auto stats = poller->GetStatistics(StatisticType::kAgentState);
  ASSERT_TRUE(stats);
  auto poll = std::async(std::launch::async, [&] {
    return poller->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp, 10s);
  });
  ASSERT_TRUE(WaitUntil([&] { return InFlight("alice") == 1; }));
  auto second = Client()->GetCallCountersState();
  ASSERT_FALSE(second);
  EXPECT_EQ(FaultName(second.error()), std::string(kConcurrentCallFault));
  // Another user is not affected.
  EXPECT_TRUE(Client("bob", "pw-bob")->GetCallCountersState());
  // A change ends the long poll early.
  Control(
      "set-value",
      {{"type", "AgentState"}, {"object", FirstAgent()}, {"column", "Full Name"}, {"value", "X"}});
  auto update = poll.get();
  ASSERT_TRUE(update) << update.error().ToString();
  ASSERT_TRUE(update->has_value());
}

TEST_F(SimTest, NewSessionOfTheSameUserClosesTheOldOnesCallInFlight) {
  Start();
  auto old_client = Client();
  ASSERT_TRUE(old_client->SetSessionParameters(Settings()));
  auto stats = old_client->GetStatistics(StatisticType::kAgentState);
  ASSERT_TRUE(stats);
  const auto started = std::chrono::steady_clock::now();
  auto poll = std::async(std::launch::async, [&] {
    return old_client->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp, 20s);
  });
  ASSERT_TRUE(WaitUntil([&] { return InFlight("alice") == 1; }));
  auto new_client = Client();
  ASSERT_TRUE(new_client->SetSessionParameters(Settings()));
  auto old_result = poll.get();
  ASSERT_FALSE(old_result);
  EXPECT_EQ(FaultName(old_result.error()), "SessionClosedFault");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  // The old session's timestamp is not the new session's.
  auto stale = new_client->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp, 0ms);
  ASSERT_FALSE(stale);
  EXPECT_EQ(FaultName(stale.error()), "StatisticsNotRequestedFault");
  EXPECT_TRUE(new_client->GetStatistics(StatisticType::kAgentState));
}

// ---------------------------------------------------------------- statistics

TEST_F(SimTest, UpdatesFollowTheSessionsTimestamps) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto before = client->GetStatisticsUpdate(StatisticType::kAgentState, 0, 0ms);
  ASSERT_FALSE(before);
  EXPECT_EQ(FaultName(before.error()), "StatisticsNotRequestedFault");

  auto stats = client->GetStatistics(StatisticType::kAgentState);
  ASSERT_TRUE(stats);
  ASSERT_FALSE(stats->rows.empty());
  const std::string agent = FirstAgent();
  Control(
      "set-value",
      {{"type", "AgentState"}, {"object", agent}, {"column", "Reason Code"}, {"value", "Lunch"}});
  auto update = client->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp, 1s);
  ASSERT_TRUE(update) << update.error().ToString();
  ASSERT_TRUE(update->has_value());
  const auto& u = **update;
  EXPECT_EQ(u.previous_timestamp, stats->timestamp);
  EXPECT_GT(u.last_timestamp, stats->timestamp);
  bool seen = false;
  for (const auto& item : u.data_update) {
    seen |= item.object_name == agent && item.column_name == "Reason Code" &&
            item.column_value == "Lunch";
  }
  EXPECT_TRUE(seen);
  // The issued lastTimestamp chains; a never-issued one is unknown to this session.
  auto chained = client->GetStatisticsUpdate(StatisticType::kAgentState, u.last_timestamp, 0ms);
  ASSERT_TRUE(chained) << chained.error().ToString();
  EXPECT_FALSE(chained->has_value())
      << (*chained)->data_update.size() << " " << (*chained)->data_update[0].object_name << "/"
      << (*chained)->data_update[0].column_name << " " << (*chained)->previous_timestamp << " "
      << (*chained)->last_timestamp;
  auto unknown =
      client->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp - 12345, 0ms);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(FaultName(unknown.error()), "UnknownTimestampFault");

  // Another user's timestamp is not ours, even for the same type.
  auto bob = Client("bob", "pw-bob");
  ASSERT_TRUE(bob->SetSessionParameters(Settings()));
  Control(
      "set-value",
      {{"type", "AgentState"}, {"object", agent}, {"column", "Reason Code"}, {"value", "Break"}});
  auto bob_stats = bob->GetStatistics(StatisticType::kAgentState);
  ASSERT_TRUE(bob_stats);
  ASSERT_NE(bob_stats->timestamp, stats->timestamp);
  auto foreign = bob->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp, 0ms);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(FaultName(foreign.error()), "UnknownTimestampFault");
}

TEST_F(SimTest, UnknownColumnAndColumnFilters) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto bad = client->GetStatistics(StatisticType::kAgentState, {"Username", "No Such Column"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(FaultName(bad.error()), "UnknownColumnFault");
  auto some = client->GetStatistics(StatisticType::kAgentState, {"Username", "State"});
  ASSERT_TRUE(some) << some.error().ToString();
  EXPECT_EQ(some->columns, (std::vector<std::string>{"Username", "State"}));
  // Updates keep to the filtered columns.
  Control("set-value", {{"type", "AgentState"},
                        {"object", FirstAgent()},
                        {"column", "Full Name"},
                        {"value", "Zed"}});
  auto update = client->GetStatisticsUpdate(StatisticType::kAgentState, some->timestamp, 0ms);
  ASSERT_TRUE(update) << update.error().ToString();
  if (update->has_value()) {
    for (const auto& item : (*update)->data_update) EXPECT_NE(item.column_name, "Full Name");
  }
  auto names = client->GetColumnNames(StatisticType::kAcdStatus);
  ASSERT_TRUE(names);
  EXPECT_EQ(names->front(), "Skill Name");
}

TEST_F(SimTest, LongPollEndsWithoutReturnWhenNothingChanges) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto stats = client->GetStatistics(StatisticType::kCampaignState);
  ASSERT_TRUE(stats);
  const auto started = std::chrono::steady_clock::now();
  auto update = client->GetStatisticsUpdate(StatisticType::kCampaignState, stats->timestamp, 300ms);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(update) << update.error().ToString();
  EXPECT_FALSE(update->has_value());
  EXPECT_GE(took, 280ms);
  // On the wire: the response element is empty (no `return`).
  std::string body = five9exp::BuildGetStatisticsUpdateRequest(
      StatisticType::kCampaignState, stats->timestamp, 0, std::nullopt, 4);
  auto raw = Raw(body);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 200);
  EXPECT_EQ(raw->body.find("<return"), std::string::npos) << raw->body;
  EXPECT_NE(raw->body.find("getStatisticsUpdateResponse"), std::string::npos);
}

TEST_F(SimTest, LongPollReturnsEarlyOnChange) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto stats = client->GetStatistics(StatisticType::kAcdStatus);
  ASSERT_TRUE(stats);
  const auto started = std::chrono::steady_clock::now();
  auto poll = std::async(std::launch::async, [&] {
    return client->GetStatisticsUpdate(StatisticType::kAcdStatus, stats->timestamp, 20s);
  });
  ASSERT_TRUE(WaitUntil([&] { return InFlight("alice") == 1; }));
  const std::string skill = server_->model().SkillIdsAndNames().front().second;
  Control(
      "set-value",
      {{"type", "ACDStatus"}, {"object", skill}, {"column", "Calls In Queue"}, {"value", "42"}});
  auto update = poll.get();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  ASSERT_TRUE(update) << update.error().ToString();
  ASSERT_TRUE(update->has_value());
  ASSERT_EQ((*update)->data_update.size(), 1u);
  EXPECT_EQ((*update)->data_update[0].object_name, skill);
  EXPECT_EQ((*update)->data_update[0].column_value, "42");
}

TEST_F(SimTest, AddedDispositionGivesConfigurationChanged) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto stats = client->GetStatistics(StatisticType::kAgentStatistics);
  ASSERT_TRUE(stats);
  Control("add-disposition", {{"name", "Escalated"}});
  auto update = client->GetStatisticsUpdate(StatisticType::kAgentStatistics, stats->timestamp, 0ms);
  ASSERT_FALSE(update);
  EXPECT_EQ(FaultName(update.error()), "ConfigurationChangedFault");
  auto reloaded = client->GetStatistics(StatisticType::kAgentStatistics);
  ASSERT_TRUE(reloaded);
  EXPECT_NE(std::find(reloaded->columns.begin(), reloaded->columns.end(), "Escalated"),
            reloaded->columns.end());
  auto names = client->GetDispositionsNames();
  ASSERT_TRUE(names);
  EXPECT_NE(std::find(names->begin(), names->end(), "Escalated"), names->end());
}

TEST_F(SimTest, AddedAndRemovedAgentsAppearInUpdates) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto stats = client->GetStatistics(StatisticType::kAgentState);
  ASSERT_TRUE(stats);
  Control("add-agent", {{"username", "new.agent@sim"}, {"full_name", "New Agent"}});
  auto added = client->GetStatisticsUpdate(StatisticType::kAgentState, stats->timestamp, 0ms);
  ASSERT_TRUE(added && added->has_value());
  EXPECT_EQ((*added)->added_objects, std::vector<std::string>{"new.agent@sim"});
  Control("remove-agent", {{"username", "new.agent@sim"}});
  auto removed =
      client->GetStatisticsUpdate(StatisticType::kAgentState, (*added)->last_timestamp, 0ms);
  ASSERT_TRUE(removed && removed->has_value());
  EXPECT_EQ((*removed)->deleted_objects, std::vector<std::string>{"new.agent@sim"});
}

// The delta property end to end: a moving model, updates applied to the first table equal
// the last table.
TEST_F(SimTest, UpdatesAppliedToTheFirstTableGiveTheLastTable) {
  SimOptions o = Options();
  o.time_scale = 20;  // a model tick every 50 ms
  o.domain.tick_ms = 1000;
  o.domain.calls_per_skill_per_minute = 30;
  Start(o);
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  int total_updates = 0;
  for (StatisticType type : {StatisticType::kAgentState, StatisticType::kAcdStatus,
                             StatisticType::kInboundCampaignStatistics}) {
    auto first = client->GetStatistics(type);
    ASSERT_TRUE(first);
    std::map<std::string, std::map<std::string, five9exp::CellValue>> table;
    auto load = [&](const five9exp::Statistics& s, auto* out) {
      out->clear();
      for (const auto& row : s.rows) {
        for (size_t c = 0; c < s.columns.size(); ++c) (*out)[*row[0]][s.columns[c]] = row[c];
      }
    };
    load(*first, &table);
    int64_t ts = first->timestamp;
    int updates = 0;
    const auto until = std::chrono::steady_clock::now() + 1000ms;
    while (std::chrono::steady_clock::now() < until) {
      auto update = client->GetStatisticsUpdate(type, ts, 200ms);
      ASSERT_TRUE(update) << update.error().ToString();
      if (!update->has_value()) continue;
      const auto& u = **update;
      for (const auto& d : u.deleted_objects) table.erase(d);
      for (const auto& a : u.added_objects) table[a];
      for (const auto& item : u.data_update)
        table[item.object_name][item.column_name] = item.column_value;
      ts = u.last_timestamp;
      ++updates;
    }
    // A fresh table equals the applied updates when no change of this type happened between
    // our latest timestamp and a check right after the fresh table (the model keeps ticking,
    // so this may take a few rounds).
    std::optional<five9exp::Statistics> last;
    for (int round = 0; round < 50 && !last; ++round) {
      auto fresh = client->GetStatistics(type);
      ASSERT_TRUE(fresh);
      auto tail = client->GetStatisticsUpdate(type, ts, 0ms);
      ASSERT_TRUE(tail) << tail.error().ToString();
      if (!tail->has_value()) {
        last = std::move(*fresh);
        break;
      }
      const auto& u = **tail;
      for (const auto& d : u.deleted_objects) table.erase(d);
      for (const auto& a : u.added_objects) table[a];
      for (const auto& item : u.data_update)
        table[item.object_name][item.column_name] = item.column_value;
      ts = u.last_timestamp;
    }
    ASSERT_TRUE(last) << "never caught up with the model";
    std::map<std::string, std::map<std::string, five9exp::CellValue>> expected;
    load(*last, &expected);
    EXPECT_EQ(table, expected) << five9exp::ToWire(type) << " after " << updates << " updates";
    total_updates += updates;
  }
  EXPECT_GT(total_updates, 0) << "the model did not move";
}

// ---------------------------------------------------------------- limits

TEST_F(SimTest, MinuteWindowOfQueryStatisticsRollsOver) {
  SimOptions o = Options();
  o.limit_rules = DefaultLimitRules();
  o.window_scale = 0.02;  // 60 s -> 1.2 s
  Start(o);
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));          // counts: 1 of 2
  ASSERT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));  // 2 of 2
  auto refused = client->GetStatistics(StatisticType::kAcdStatus);
  ASSERT_FALSE(refused);
  EXPECT_EQ(FaultName(refused.error()), "OperationsLimitExceededFault");
  EXPECT_EQ(refused.error().fault.fields.at("limit"), "2");
  EXPECT_EQ(refused.error().fault.fields.at("operationType"), "QueryStatistics");
  auto counters = client->GetCallCountersState();
  ASSERT_TRUE(counters);
  ASSERT_EQ(counters->size(), 3u);
  EXPECT_EQ((*counters)[0].timeout_s, 1);
  bool found = false;
  for (const auto& c : (*counters)[0].call_counter_states) {
    if (c.operation_type == "QueryStatistics") {
      found = true;
      EXPECT_EQ(c.limit, 2);
      EXPECT_EQ(c.value, 2);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(server_->limits().violations(), 1);
  // The window slides: after it passes, the call goes through.
  ASSERT_TRUE(WaitUntil([&] {
    auto state = server_->limits().State(std::chrono::steady_clock::now());
    for (const auto& c : state[0].call_counter_states)
      if (c.operation_type == "QueryStatistics") return c.value == 0;
    return false;
  }));
  EXPECT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));
}

TEST_F(SimTest, QueryChangedStatisticsMinuteAndHourWindows) {
  SimOptions o = Options();
  o.limit_rules = DefaultLimitRules();
  o.window_scale = 0.02;  // 60 s -> 1.2 s, 3600 s -> 72 s
  Start(o);
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto stats = client->GetStatistics(StatisticType::kCampaignState);
  ASSERT_TRUE(stats);
  for (int i = 0; i < 30; ++i) {
    auto u = client->GetStatisticsUpdate(StatisticType::kCampaignState, stats->timestamp, 0ms);
    ASSERT_TRUE(u) << i << " " << u.error().ToString();
  }
  auto refused = client->GetStatisticsUpdate(StatisticType::kCampaignState, stats->timestamp, 0ms);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fault.fields.at("limit"), "30");
  EXPECT_EQ(refused.error().fault.fields.at("operationType"), "QueryChangedStatistics");
  // Other integrations used the rest of the hour.
  Control("preload", {{"operation_type", "QueryChangedStatistics"}, {"count", 1170}});
  ASSERT_TRUE(WaitUntil([&] {
    return server_->limits()
               .State(std::chrono::steady_clock::now())[0]
               .call_counter_states[0]
               .value == 0;
  }));
  auto hour = client->GetStatisticsUpdate(StatisticType::kCampaignState, stats->timestamp, 0ms);
  ASSERT_FALSE(hour);
  EXPECT_EQ(hour.error().fault.fields.at("limit"), "1200");
  EXPECT_EQ(server_->limits().ViolationsByOperation().at("QueryChangedStatistics"), 2);
}

TEST_F(SimTest, DayWindowFromScenarioRulesAndPreload) {
  SimOptions o = Options();
  ASSERT_TRUE(ApplyScenario(R"(
limits:
  window_scale: 0.5
  rules:
    - {operation_type: QueryStatistics, window_s: 60, limit: 100}
    - {operation_type: QueryStatistics, window_s: 86400, limit: 3}
  preload:
    - {operation_type: QueryStatistics, count: 1}
)",
                            &o));
  Start(o);
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  ASSERT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));
  auto refused = client->GetStatistics(StatisticType::kAcdStatus);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fault.fields.at("limit"), "3");
  auto counters = client->GetCallCountersState();
  ASSERT_TRUE(counters);
  ASSERT_EQ(counters->size(), 2u);
  EXPECT_EQ((*counters)[0].timeout_s, 30);
  EXPECT_EQ((*counters)[1].timeout_s, 43200);
  EXPECT_EQ((*counters)[1].call_counter_states[0].value, 3);
}

// ---------------------------------------------------------------- campaigns, chat, monitoring,
// users

TEST_F(SimTest, CampaignActionsFollowTheStateMachine) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto unknown = client->StartCampaign("No Such Campaign");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(FaultName(unknown.error()), "CampaignNotFoundFault");
  EXPECT_EQ(unknown.error().fault.fields.at("campaignName"), "No Such Campaign");

  std::string inbound, outbound;
  for (const std::string& name : server_->model().CampaignNames()) {
    const std::string type = server_->model().CampaignTypeOf(name);
    if (type == "INBOUND" && inbound.empty()) inbound = name;
    if (type == "OUTBOUND" && outbound.empty()) outbound = name;
  }
  ASSERT_FALSE(inbound.empty());
  ASSERT_FALSE(outbound.empty());
  auto reset_inbound = client->ResetCampaign(inbound);
  ASSERT_FALSE(reset_inbound);
  EXPECT_EQ(FaultName(reset_inbound.error()), "WrongCampaignTypeFault");

  // Bring the outbound campaign to NOT_RUNNING the way another supervisor would.
  if (server_->model().CampaignStateOf(outbound) != "NOT_RUNNING") {
    Control("campaign", {{"name", outbound}, {"do", "force-stop"}});
  }
  ASSERT_EQ(server_->model().CampaignStateOf(outbound), "NOT_RUNNING");
  auto stop_stopped = client->StopCampaign(outbound);
  ASSERT_FALSE(stop_stopped);
  EXPECT_EQ(FaultName(stop_stopped.error()), "CampaignStateUpdateFault");
  auto bad_disposition = client->ResetCampaignDispositions(outbound, {"No Such Disposition"},
                                                           std::nullopt, std::nullopt);
  ASSERT_FALSE(bad_disposition);
  EXPECT_EQ(FaultName(bad_disposition.error()), "DispositionNotFoundFault");
  ASSERT_TRUE(client->ResetCampaignDispositions(outbound, {"Sale"}, std::nullopt, std::nullopt));

  ASSERT_TRUE(client->StartCampaign(outbound));
  EXPECT_EQ(server_->control().State()["campaigns"][outbound]["state"], "STARTING");
  auto reset_running =
      client->ResetCampaignDispositions(outbound, {"Sale"}, std::nullopt, std::nullopt);
  ASSERT_FALSE(reset_running);
  EXPECT_EQ(FaultName(reset_running.error()), "WrongCampaignStateFault");
  EXPECT_EQ(reset_running.error().fault.fields.at("campaignName"), outbound);
  EXPECT_TRUE(client->ForceStopCampaign(outbound));
  EXPECT_EQ(server_->model().CampaignStateOf(outbound), "NOT_RUNNING");
}

TEST_F(SimTest, MissingArgumentsGetMissedArgumentFault) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto raw = Raw(five9exp::WrapRequestEnvelope("getStatistics", ""));
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 500);
  EXPECT_NE(raw->body.find("MissedArgumentFault"), std::string::npos) << raw->body;
  auto bad_type =
      Raw(five9exp::WrapRequestEnvelope("getColumnNames", "<statisticType>Nope</statisticType>"));
  ASSERT_TRUE(bad_type);
  EXPECT_NE(bad_type->body.find("IncorrectArgumentFault"), std::string::npos) << bad_type->body;
  if (five9exp::ReferenceCheckable(five9exp::kReferenceWsdl)) {
    auto valid = ValidateResponse(raw->body);
    EXPECT_TRUE(valid) << valid.error().message;
  }
}

TEST_F(SimTest, ChatCarriesMessagesBothWays) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto chat_id = client->CreateChatSession();
  ASSERT_TRUE(chat_id) << chat_id.error().ToString();
  const std::string agent = FirstAgent();
  five9exp::RoledId agent_id{"Agent", server_->service().AgentId(agent)};
  ASSERT_TRUE(client->SendChatInvite(*chat_id, agent_id));
  ASSERT_TRUE(client->SendMsgToChat(*chat_id, "hello <team> & co"));
  auto messages = client->ReceiveMessages(0, 1s);
  ASSERT_TRUE(messages) << messages.error().ToString();
  ASSERT_TRUE(messages->has_value());
  bool arrived = false, reply = false;
  for (const auto& m : (*messages)->messages) {
    EXPECT_EQ(m.chat_id, *chat_id);
    arrived |= m.type == "ARRIVED";
    reply |= m.type == "CHAT" && m.text.find("hello <team> & co") != std::string::npos && m.from &&
             m.from->user_id == agent_id.user_id;
  }
  EXPECT_TRUE(arrived);
  EXPECT_TRUE(reply);
  // Nothing newer: the long poll ends without `return`.
  auto none = client->ReceiveMessages((*messages)->timestamp, 200ms);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto bad = client->SendMsgToChat("nope", "x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(FaultName(bad.error()), "ChatFault");
  EXPECT_TRUE(client->SendBroadcastMessages("ALL", 0, "all hands"));
  EXPECT_TRUE(client->SendInfoMessage(agent_id, "fyi"));
  EXPECT_TRUE(client->AcceptChatInvite(*chat_id, true));
  EXPECT_TRUE(client->RemoveUserFromChat(*chat_id, agent_id));
  EXPECT_TRUE(client->CloseChatSession(*chat_id));
  json state = server_->control().State();
  EXPECT_EQ(state["chat"]["sessions"][0]["open"], false);
  EXPECT_EQ(state["chat"]["broadcasts"], 2);
}

TEST_F(SimTest, MonitoringNeedsAStationAndTracksSupervisors) {
  Start();
  auto client = Client();
  const std::string agent = FirstAgent();
  auto early = client->StartMonitoring(agent, "Silence");
  ASSERT_FALSE(early);
  EXPECT_EQ(FaultName(early.error()), "StationNotLoggedInFault");
  auto early_reconnect = client->ReconnectStation();
  ASSERT_FALSE(early_reconnect);
  EXPECT_EQ(FaultName(early_reconnect.error()), "StationNotLoggedInFault");
  five9exp::LoginStationRequest login;
  login.station_name = "desk-7";
  auto station = client->LoginStation(login);
  ASSERT_TRUE(station) << station.error().ToString();
  EXPECT_EQ(station->name, "desk-7");
  auto reconnect = client->ReconnectStation();
  ASSERT_TRUE(reconnect);
  EXPECT_EQ(*reconnect, "CONNECT");
  auto unknown = client->StartMonitoring("ghost@sim", "Silence");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(FaultName(unknown.error()), "AgentNotFoundFault");
  EXPECT_EQ(unknown.error().fault.fields.at("agentName"), "ghost@sim");
  ASSERT_TRUE(client->StartMonitoring(agent, "BargeIn"));
  auto twice = client->StartMonitoring(agent, "BargeIn");
  ASSERT_FALSE(twice);
  EXPECT_EQ(FaultName(twice.error()), "AgentMonitorFault");
  auto supervisors = client->GetMonitoringSupervisors(agent);
  ASSERT_TRUE(supervisors);
  ASSERT_EQ(supervisors->size(), 1u);
  EXPECT_EQ((*supervisors)[0].supervisor_name, "alice");
  EXPECT_EQ((*supervisors)[0].mode, "BargeIn");
  EXPECT_EQ(server_->control().State()["monitoring"]["monitors"][agent]["alice"], "BargeIn");
  ASSERT_TRUE(client->StopMonitoring(agent));
  supervisors = client->GetMonitoringSupervisors(agent);
  ASSERT_TRUE(supervisors);
  EXPECT_TRUE(supervisors->empty());
}

TEST_F(SimTest, UserInformationCalls) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto limits = client->GetUserLimits();
  ASSERT_TRUE(limits);
  EXPECT_EQ(limits->supervisors_logged_in, 1);
  EXPECT_GT(limits->supervisor_limit, 0);
  auto users = client->GetLoggedInUsers();
  ASSERT_TRUE(users);
  ASSERT_FALSE(users->empty());
  EXPECT_EQ(users->front().name, "alice");
  EXPECT_EQ(users->front().roled_id.role, "DomainSupervisor");
  auto skills = client->GetMySkillsIds();
  ASSERT_TRUE(skills);
  EXPECT_EQ(skills->size(), 3u);
  EXPECT_TRUE(client->GetMyGroupIds());
  auto permissions = client->GetMyPermissions();
  ASSERT_TRUE(permissions);
  EXPECT_FALSE(permissions->empty());
  auto versions = client->GetApiVersions();
  ASSERT_TRUE(versions);
  EXPECT_FALSE(versions->max_version.empty());
}

// Every statistic type answers schema-valid XML (checked by the transport decorator).
TEST_F(SimTest, EveryStatisticTypeAnswers) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    auto names = client->GetColumnNames(type);
    ASSERT_TRUE(names) << five9exp::ToWire(type);
    auto stats = client->GetStatistics(type);
    ASSERT_TRUE(stats) << five9exp::ToWire(type) << ": " << stats.error().ToString();
    EXPECT_EQ(stats->columns, *names);
    auto update = client->GetStatisticsUpdate(type, stats->timestamp, 0ms);
    ASSERT_TRUE(update) << five9exp::ToWire(type) << ": " << update.error().ToString();
  }
}

// ---------------------------------------------------------------- wire errors and injections

TEST_F(SimTest, MalformedAndUnknownRequestsGetClientFaults) {
  Start();
  auto garbage = Raw("<not-soap");
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 500);
  EXPECT_NE(garbage->body.find("soap:Client"), std::string::npos);
  auto dtd = Raw("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>");
  ASSERT_TRUE(dtd);
  EXPECT_EQ(dtd->status, 500);
  auto unknown = Raw(five9exp::WrapRequestEnvelope("getEverything", ""));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 500);
  EXPECT_NE(unknown->body.find("Cannot find dispatch method"), std::string::npos);
  EXPECT_EQ(server_->service().Counters().calls.at("(malformed)"), 2);
}

TEST_F(SimTest, InjectedFaultsHitTheNextNCallsOfAMethod) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  Control("inject", {{"kind", "fault"},
                     {"method", "getStatistics"},
                     {"count", 2},
                     {"fault", "OperationsLimitExceededFault"},
                     {"fields", {{"limit", 2}, {"operationType", "QueryStatistics"}}}});
  EXPECT_TRUE(client->GetCallCountersState());  // other methods untouched
  for (int i = 0; i < 2; ++i) {
    auto r = client->GetStatistics(StatisticType::kAcdStatus);
    ASSERT_FALSE(r);
    EXPECT_EQ(FaultName(r.error()), "OperationsLimitExceededFault");
    EXPECT_EQ(r.error().fault.fields.at("limit"), "2");
  }
  EXPECT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));
}

TEST_F(SimTest, InjectedHttpErrorsResetsAndBrokenXml) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  Control("inject", {{"kind", "http_status"}, {"status", 503}, {"method", "getApiVersions"}});
  auto unavailable = client->GetApiVersions();
  ASSERT_FALSE(unavailable);
  EXPECT_EQ(unavailable.error().code, ErrorCode::kHttpStatus);
  EXPECT_EQ(unavailable.error().http_status, 503);

  Control("inject", {{"kind", "http_status"}, {"status", 500}});
  auto server_error = client->GetApiVersions();
  ASSERT_FALSE(server_error);
  EXPECT_EQ(server_error.error().http_status, 500);

  Control("inject", {{"kind", "truncated"}});
  auto truncated = client->GetApiVersions();
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kMalformedResponse);

  Control("inject", {{"kind", "malformed"}});
  auto malformed = client->GetApiVersions();
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kMalformedResponse);

  Control("inject", {{"kind", "reset"}});
  auto reset = client->GetApiVersions();
  ASSERT_FALSE(reset);
  EXPECT_EQ(reset.error().code, ErrorCode::kTransport) << reset.error().ToString();

  EXPECT_TRUE(client->GetApiVersions());  // all consumed
  EXPECT_EQ(server_->faults().applied(), 5);
}

TEST_F(SimTest, InjectedLatencyAndOutage) {
  Start();
  auto client = Client();
  Control("inject", {{"kind", "latency"}, {"ms", 300}, {"method", "getApiVersions"}});
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(client->GetApiVersions());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 290ms);

  Control("outage", {{"ms", 400}});
  auto down = client->GetApiVersions();
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().http_status, 503);
  ASSERT_TRUE(WaitUntil([&] { return server_->faults().OutageRemaining().count() == 0; }));
  EXPECT_TRUE(client->GetApiVersions());
  json state = Control("clear-injections", json::object());
  EXPECT_EQ(state["ok"], true);
}

TEST_F(SimTest, ControlApiReportsAndRejectsBadInput) {
  Start();
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  ASSERT_TRUE(client->GetStatistics(StatisticType::kAcdStatus));
  json state = server_->control().State();
  EXPECT_EQ(state["calls"]["getStatistics"], 1);
  EXPECT_EQ(state["outcomes"]["getStatistics"]["ok"], 1);
  EXPECT_EQ(state["sessions"][0]["user"], "alice");
  EXPECT_EQ(state["sessions"][0]["state"], "open");
  EXPECT_TRUE(state.contains("campaigns"));
  EXPECT_TRUE(state["limits"].contains("windows"));
  EXPECT_FALSE(server_->control().Execute("inject", {{"kind", "fault"}, {"fault", "NoSuchFault"}}));
  EXPECT_FALSE(server_->control().Execute("explode", json::object()));
  auto bad_agent = server_->control().Execute("remove-agent", {{"username", "ghost"}});
  ASSERT_FALSE(bad_agent);
  EXPECT_EQ(bad_agent.error().code, ErrorCode::kNotReady);
}

TEST_F(SimTest, ScenarioFaultScriptRuns) {
  SimOptions o = Options();
  ASSERT_TRUE(ApplyScenario(R"(
faults:
  - {at_s: 0, action: inject, kind: fault, method: getUserLimits, fault: ServiceUnavailableFault, count: 1}
)",
                            &o));
  Start(o);
  ASSERT_TRUE(WaitUntil([&] { return !server_->faults().Pending().empty(); }));
  auto client = Client();
  ASSERT_TRUE(client->SetSessionParameters(Settings()));
  auto r = client->GetUserLimits();
  ASSERT_FALSE(r);
  EXPECT_EQ(FaultName(r.error()), "ServiceUnavailableFault");
  EXPECT_TRUE(client->GetUserLimits());
}

// ---------------------------------------------------------------- codec and scenario files

TEST(SoapCodecTest, EveryWsdlFaultIsSchemaValid) {
  FIVE9_SKIP_WITHOUT_REFERENCE(five9exp::kReferenceWsdl);
  const char* names[] = {
      "AccessDisallowedFault",        "AgentMonitorFault",         "AgentNotFoundFault",
      "CampaignNotFoundFault",        "CampaignStateUpdateFault",  "ChatFault",
      "ConcurrentModificationFault",  "ConfigurationChangedFault", "DispositionNotFoundFault",
      "IncorrectArgumentFault",       "InvalidAccountFault",       "MissedArgumentFault",
      "OperationsLimitExceededFault", "ReconnectStationFault",     "ServerFault",
      "ServiceUnavailableFault",      "SessionClosedFault",        "SessionNotInitializedFault",
      "StationNotFoundFault",         "StationNotLoggedInFault",   "StatisticsNotRequestedFault",
      "UnknownColumnFault",           "UnknownTimestampFault",     "UserAlreadyLoggedInFault",
      "UserLimitReachedFault",        "WrongCampaignStateFault",   "WrongCampaignTypeFault"};
  const std::map<std::string, std::string> samples = {{"limit", "2"},
                                                      {"operationType", "QueryStatistics"},
                                                      {"actualState", "RUNNING"},
                                                      {"desiredState", "NOT_RUNNING"},
                                                      {"actualType", "INBOUND"},
                                                      {"desiredTypes", "OUTBOUND"},
                                                      {"problem", "BUSY"}};
  for (const char* name : names) {
    ModelFault fault{name, {}, "why <it> failed"};
    // Fields deliberately out of WSDL order: the writer must reorder them.
    auto fields = FaultFields(name);
    std::reverse(fields.begin(), fields.end());
    for (std::string_view f : fields) {
      auto it = samples.find(std::string(f));
      fault.fields.emplace_back(std::string(f), it == samples.end() ? "x" : it->second);
    }
    if (std::string(name) == "WrongCampaignTypeFault")
      fault.fields.emplace_back("desiredTypes", "AUTODIAL");
    auto valid = ValidateResponse(FaultEnvelope(fault));
    EXPECT_TRUE(valid) << name << ": " << valid.error().message;
  }
  EXPECT_EQ(FaultFields("OperationsLimitExceededFault"),
            (std::vector<std::string_view>{"limit", "operationType"}));
}

TEST(SoapCodecTest, NilAndEmptyCellsAndEscaping) {
  five9exp::Statistics stats;
  stats.type = StatisticType::kAgentState;
  stats.columns = {"Username", "Reason Code", "Customer"};
  stats.rows = {{std::string("a&b"), std::nullopt, std::string("")}};
  stats.timestamp = 42;
  five9exp::XmlWriter w;
  WriteStatistics(w, stats);
  const std::string body = ResponseEnvelope("getStatistics", w.str());
  EXPECT_NE(body.find("<data>a&amp;b</data><data xsi:nil=\"true\"/><data></data>"),
            std::string::npos)
      << body;
  if (five9exp::ReferenceCheckable(five9exp::kReferenceWsdl)) {
    auto valid = ValidateResponse(body);
    EXPECT_TRUE(valid) << valid.error().message;
  }
}

TEST(ScenarioTest, ExampleScenariosLoad) {
  const std::filesystem::path dir =
      std::filesystem::path(FIVE9_SOURCE_DIR) / "simulator" / "scenarios";
  ASSERT_TRUE(std::filesystem::exists(dir / "demo.yaml"));
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    SimOptions o;
    auto result = LoadScenarioFile(entry.path().string(), &o);
    EXPECT_TRUE(result) << entry.path() << ": " << result.error().message;
    EXPECT_FALSE(o.users.empty()) << entry.path();
    ++loaded;
  }
  EXPECT_GE(loaded, 2);
}

TEST(ScenarioTest, BadScenariosAreRejected) {
  SimOptions o;
  EXPECT_FALSE(ApplyScenario("[1, 2]", &o));
  EXPECT_FALSE(ApplyScenario("limits: {window_scale: 0}", &o));
  EXPECT_FALSE(ApplyScenario("faults: [{at_s: 1}]", &o));
  EXPECT_FALSE(ApplyScenario("domain: {agents: lots}", &o));
  auto missing = LoadScenarioFile("/nonexistent/scenario.yaml", &o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
}

// The CLI prints its address first and serves on it.
TEST(SimCliTest, PrintsListeningAddressFirst) {
  const std::string binary = std::string(FIVE9_BINARY_DIR) + "/simulator/five9_sim";
  if (!std::filesystem::exists(binary)) GTEST_SKIP() << "five9_sim not built";
  const std::string command =
      binary + " --listen 127.0.0.1:0 --user u:p --agents 5 --seed 3 2>/dev/null & echo $!";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  // Two lines arrive in either order: the shell's pid and the simulator's first line.
  std::string pid, first;
  for (int i = 0; i < 2; ++i) {
    char line[256] = {};
    ASSERT_NE(fgets(line, sizeof line, pipe), nullptr);
    (std::string(line).rfind("listening", 0) == 0 ? first : pid) = line;
  }
  pclose(pipe);
  EXPECT_EQ(first.rfind("listening on 127.0.0.1:", 0), 0u) << first;
  const int port = std::atoi(first.substr(first.rfind(':') + 1).c_str());
  EXPECT_GT(port, 0);
  five9exp::HttpTransportOptions t;
  t.endpoint =
      "http://127.0.0.1:" + std::to_string(port) + "/wssupervisor/v9_5/SupervisorWebService";
  t.username = "u";
  t.password = "p";
  auto transport = five9exp::HttpTransport::Create(t);
  ASSERT_TRUE(transport);
  SupervisorClient client(std::move(*transport), {});
  EXPECT_TRUE(client.GetApiVersions());
  EXPECT_EQ(std::system(("kill " + std::to_string(std::atoi(pid.c_str()))).c_str()), 0);
}

}  // namespace
}  // namespace five9sim
