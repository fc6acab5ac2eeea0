// The admin API end to end: an httplib client on an ephemeral loopback port, the real
// WebServer and AdminApi, a FakeRunner running calls on a real SupervisorClient whose
// FakeTransport records the SOAP bodies Five9 would receive.

#include "exporter/web/admin_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "exporter/five9/xml.h"
#include "exporter/statistics/pseudonym.h"
#include "exporter/testing/temp_dir.h"
#include "exporter/testing/wait.h"
#include "exporter/web/web_server.h"
#include "exporter/web/web_test_support.h"

namespace five9exp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace five9exp::testing;

constexpr char kOpsSecret[] = "ops-Secret-0123456789abcdef";
constexpr char kReaderSecret[] = "reader-Secret-0123456789abcdef";
constexpr char kPromo[] = "Promo <2026> & \"Q1\"";

class AdminApiTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start(double rate = 1000, int burst = 1000) {
    auto transport = std::make_unique<FakeTransport>();
    transport_ = transport.get();
    client_ = std::make_unique<SupervisorClient>(std::move(transport), ClientOptions{});
    runner_ = std::make_unique<FakeRunner>(*client_);

    WebServerOptions options;
    options.web.listen_address = "127.0.0.1:0";
    options.admin.enabled = true;
    options.admin.rate_limit_per_second = rate;
    options.admin.rate_limit_burst = burst;
    options.admin.audit_log = audit_path_;
    options.admin.tokens = {
        AdminToken{"ops-bot", kOpsSecret, {"read", "campaigns", "chat", "monitoring", "session"}},
        AdminToken{"wallboard", kReaderSecret, {"read"}},
    };
    WebServerDeps deps;
    deps.store = &store_;
    deps.clock = &clock_;
    deps.metrics_body = [](bool) { return std::make_shared<const std::string>(""); };
    deps.count_admin_auth_failure = [this](std::string_view reason) {
      std::lock_guard lock(counted_mutex_);
      ++auth_failures_[std::string(reason)];
    };
    deps.count_admin_request = [this](std::string_view action, int code) {
      std::lock_guard lock(counted_mutex_);
      counted_.emplace_back(std::string(action) + ":" + std::to_string(code));
    };
    server_ = std::make_unique<WebServer>(options, deps);
    ASSERT_TRUE(server_->Start());
    server_->SetDomains({DomainHandle{"acme", runner_.get(), &chat_, {}}});
    http_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    http_->set_url_encode(false);  // paths below are encoded by the test, exactly once
    PublishCampaigns({{"Summer", "RUNNING"}, {"Winter", "NOT_RUNNING"}, {kPromo, "NOT_RUNNING"}});
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  void PublishCampaigns(std::vector<std::pair<std::string, std::string>> campaigns) {
    auto snapshot = std::make_shared<DomainSnapshot>();
    snapshot->domain = "acme";
    snapshot->up = true;
    snapshot->session_state = "polling";
    std::vector<std::vector<CellValue>> rows;
    for (auto& [name, state] : campaigns) rows.push_back({name, state, "2026-11-28 13:59:42"});
    snapshot->tables[StatisticType::kCampaignState] =
        MakeTable(StatisticType::kCampaignState, {"Campaign Name", "State", "State Since"}, rows);
    snapshot->tables[StatisticType::kAcdStatus] =
        MakeTable(StatisticType::kAcdStatus, {"Skill Name", "Calls In Queue"},
                  {{"Sales", "3"}, {"Support", std::nullopt}});
    snapshot->tables[StatisticType::kAgentState] =
        MakeTable(StatisticType::kAgentState, {"Username"}, {}, /*ready=*/false);
    snapshot->limits = {LimitTimeoutState{60, {{"QueryStatistics", 2, 2}}},
                        LimitTimeoutState{3600, {{"QueryStatistics", 15, 4}}}};
    store_.Publish(snapshot);
  }

  httplib::Headers Auth(const char* secret = kOpsSecret) {
    return {{"Authorization", std::string("Bearer ") + secret}};
  }
  static std::string Path(std::string_view rest) {
    return "/api/v1/domains/acme/" + std::string(rest);
  }

  httplib::Result Post(std::string_view rest, const std::string& body = "{}",
                       const char* secret = kOpsSecret) {
    return http_->Post(Path(rest), Auth(secret), body, "application/json");
  }
  httplib::Result Get(std::string_view rest, const char* secret = kOpsSecret) {
    return http_->Get(Path(rest), Auth(secret));
  }
  httplib::Result Delete(std::string_view rest, const char* secret = kOpsSecret) {
    return http_->Delete(Path(rest), Auth(secret));
  }

  static nlohmann::json Json(const httplib::Result& result) {
    return nlohmann::json::parse(result->body, nullptr, false);
  }
  // The payload element of the last SOAP request the client sent.
  std::string LastSoapBody() const {
    auto requests = transport_->requests();
    return requests.empty() ? "" : requests.back().body;
  }
  // Text of the first element named `name` in the last request.
  std::optional<std::string> LastSoapField(std::string_view name) const {
    auto document = XmlDocument::Parse(LastSoapBody());
    if (!document) return std::nullopt;
    std::vector<XmlElement> stack = {document->Root()};
    while (!stack.empty()) {
      XmlElement e = stack.back();
      stack.pop_back();
      if (e.LocalName() == name) return e.Text();
      for (XmlElement child : e.Elements()) stack.push_back(child);
    }
    return std::nullopt;
  }
  std::vector<std::string> Counted() {
    std::lock_guard lock(counted_mutex_);
    return counted_;
  }

  // The audit lines written so far, parsed.
  std::vector<nlohmann::json> AuditLines() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(audit_path_);
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
  std::string AuditText() const {
    std::ifstream in(audit_path_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  TempDirForTest audit_dir_;
  const std::string audit_path_ = audit_dir_.path() + "/audit.log";
  std::map<std::string, int> auth_failures_;  // reason -> count
  FakeClock clock_;
  SnapshotStore store_;
  ChatBuffer chat_{100};
  FakeTransport* transport_ = nullptr;
  std::unique_ptr<SupervisorClient> client_;
  std::unique_ptr<FakeRunner> runner_;
  std::unique_ptr<WebServer> server_;
  std::unique_ptr<httplib::Client> http_;
  std::mutex counted_mutex_;
  std::vector<std::string> counted_;
};

// ---------------------------------------------------------------- success paths

struct RouteCase {
  std::string method;
  std::string path;
  std::string body;
  std::string operation;  // WSDL operation the client must send ("" = no call)
  std::string response;   // children of <operation>Response
  std::string check_key;  // a key the JSON answer must have
};

TEST_F(AdminApiTest, EveryRouteSucceeds) {
  const std::vector<RouteCase> cases = {
      {"GET", "campaigns", "", "", "", "campaigns"},
      {"POST", "campaigns/Winter/start", "", "startCampaign", "", "campaign"},
      {"POST", "campaigns/Summer/stop", "", "stopCampaign", "", "campaign"},
      {"POST", "campaigns/Summer/force-stop", "", "forceStopCampaign", "", "campaign"},
      {"POST", "campaigns/Winter/reset", "", "resetCampaign", "", "campaign"},
      {"POST", "campaigns/Winter/reset-dispositions",
       R"({"dispositions":["No Answer","Busy"],"after":"2026-11-01T00:00:00Z","before":"2026-11-28T10:00:00-08:00"})",
       "resetCampaignDispositions", "", "dispositions"},
      {"GET", "dispositions", "", "getDispositionsNames",
       "<return>No Answer</return><return>Busy</return>", "dispositions"},
      {"POST", "chats", "", "createChatSession", "<return>chat-42</return>", "chatId"},
      {"DELETE", "chats/chat-42", "", "closeChatSession", "", "status"},
      {"POST", "chats/chat-42/messages", R"({"text":"hello"})", "sendMsgToChat", "", "status"},
      {"POST", "chats/chat-42/invites", R"({"role":"Agent","userId":1234567890123})",
       "sendChatInvite", "", "status"},
      {"POST", "chats/chat-42/accept", R"({"accepted":true})", "acceptChatInvite", "", "status"},
      {"DELETE", "chats/chat-42/participants/DomainSupervisor/77", "", "removeUserFromChat", "",
       "status"},
      {"POST", "broadcasts", R"({"type":"SPEC_SKILL","specId":5,"text":"all hands"})",
       "sendBroadcastMessages", "", "status"},
      {"POST", "info-messages", R"({"role":"Agent","userId":9,"text":"psst"})", "sendInfoMessage",
       "", "status"},
      {"GET", "chat-messages?since=0", "", "", "", "messages"},
      {"POST", "station/login",
       R"({"stationName":"st-1","forceLogoutSession":true,"idleTimeOut":600})", "loginStation",
       "<return><backupProxy>b.example</backupProxy><codecParameters><codecs>G711U</codecs>"
       "<disableNAT>false</disableNAT><noSilenceSuppression>true</noSilenceSuppression><ptime>20</"
       "ptime>"
       "<rfc2833pType>101</rfc2833pType><useSRTP>false</useSRTP></codecParameters><name>st-1</name>"
       "<password>sip-pass</password><proxy>p.example</proxy></return>",
       "station"},
      {"POST", "station/reconnect", "", "reconnectStation", "<return>CONNECT</return>", "result"},
      {"POST", "agents/jdoe%40acme.example/monitoring", R"({"mode":"BargeIn"})", "startMonitoring",
       "", "mode"},
      {"DELETE", "agents/jdoe%40acme.example/monitoring", "", "stopMonitoring", "", "agent"},
      {"GET", "agents/jdoe%40acme.example/supervisors", "", "getMonitoringSupervisors",
       "<return><mode>Silence</mode><supervisorName>boss</supervisorName></return>", "supervisors"},
      {"GET", "users/logged-in", "", "getLoggedInUsers",
       "<return><name>boss</name><roledId><role>DomainSupervisor</role><userId>7</userId></"
       "roledId></return>",
       "users"},
      {"GET", "me/skills", "", "getMySkillsIds", "<return><id>1</id><name>Sales</name></return>",
       "skills"},
      {"GET", "me/groups", "", "getMyGroupIds", "<return><id>2</id><name>Team</name></return>",
       "groups"},
      {"GET", "me/permissions", "", "getMyPermissions",
       "<return><type>Campaigns</type><value>true</value></return>", "permissions"},
      {"GET", "user-limits", "", "getUserLimits",
       "<return><mobileLimit>1</mobileLimit><mobileLoggedin>0</mobileLoggedin><supervisorLimit>5</"
       "supervisorLimit>"
       "<supervisorsLoggedin>2</supervisorsLoggedin></return>",
       "supervisorLimit"},
      {"GET", "limits", "", "getCallCountersState",
       "<return><callCounterStates><limit>2</limit><operationType>QueryStatistics</"
       "operationType><value>1</value>"
       "</callCounterStates><timeout>60</timeout></return>",
       "windows"},
      {"GET", "statistics/ACDStatus", "", "", "", "rows"},
      {"GET", "session", "", "getSessionParameters",
       "<return><rollingPeriod>Minutes30</rollingPeriod><shiftStart>28800000</shiftStart>"
       "<statisticsRange>CurrentDay</statisticsRange><timeZone>-25200000</timeZone></return>",
       "viewSettings"},
      {"PUT", "session",
       R"({"viewSettings":{"rollingPeriod":"Hour1","shiftStart":0,"statisticsRange":"CurrentWeek","timeZone":3600000,"idleTimeOut":900}})",
       "setSessionParameters", "", "viewSettings"},
  };
  for (const RouteCase& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    const size_t before = transport_->requests().size();
    if (!c.operation.empty()) transport_->PushBody(SoapResponse(c.operation, c.response));
    httplib::Result result = [&] {
      if (c.method == "GET") return Get(c.path);
      if (c.method == "PUT") return http_->Put(Path(c.path), Auth(), c.body, "application/json");
      if (c.method == "DELETE") return Delete(c.path);
      return Post(c.path, c.body);
    }();
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << result->body;
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
    const nlohmann::json body = Json(result);
    EXPECT_TRUE(body.contains(c.check_key)) << result->body;
    const auto requests = transport_->requests();
    if (c.operation.empty()) {
      EXPECT_EQ(requests.size(), before) << "no Five9 call expected";
    } else {
      ASSERT_EQ(requests.size(), before + 1);
      const std::string& soap = requests.back().body;
      const size_t at = soap.find(":" + c.operation);
      ASSERT_NE(at, std::string::npos) << soap;
      const size_t next = at + 1 + c.operation.size();
      ASSERT_LT(next, soap.size());
      EXPECT_NE(std::string_view("> /").find(soap[next]), std::string_view::npos) << soap;
    }
  }
}

// agent_labels: pseudonym reaches admin JSON too: GET /users/logged-in names users by their
// pseudonym (the agent's `agent` label), never by username.
TEST_F(AdminApiTest, LoggedInUsersShowPseudonymsWhenTheDomainUsesThem) {
  const std::string key = "pseudonym-key-for-the-test";
  DomainHandle handle{"acme", runner_.get(), &chat_, {}};
  handle.user_label = [key](std::string_view username) { return AgentPseudonym(key, username); };
  server_->SetDomains({handle});
  transport_->PushBody(SoapResponse(
      "getLoggedInUsers",
      "<return><name>jdoe@acme.example</name><roledId><role>Agent</role><userId>12</userId>"
      "</roledId></return><return><name>boss</name><roledId><role>DomainSupervisor</role>"
      "<userId>7</userId></roledId></return>"));
  httplib::Result result = Get("users/logged-in");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const nlohmann::json users = Json(result)["users"];
  ASSERT_EQ(users.size(), 2u) << result->body;
  EXPECT_EQ(users[0]["name"], AgentPseudonym(key, "jdoe@acme.example"));
  EXPECT_EQ(users[0]["userId"], 12);
  EXPECT_EQ(users[1]["name"], AgentPseudonym(key, "boss"));
  EXPECT_EQ(result->body.find("jdoe"), std::string::npos) << result->body;
  EXPECT_EQ(result->body.find("boss"), std::string::npos) << result->body;
}

TEST_F(AdminApiTest, RouteResultsCarryFive9Data) {
  transport_->PushBody(SoapResponse("createChatSession", "<return>chat-9</return>"));
  auto created = Post("chats", "");
  ASSERT_TRUE(created);
  EXPECT_EQ(Json(created)["chatId"], "chat-9");

  auto campaigns = Get("campaigns");
  ASSERT_TRUE(campaigns);
  const nlohmann::json list = Json(campaigns)["campaigns"];
  ASSERT_EQ(list.size(), 3u);
  bool saw_summer = false;
  for (const auto& campaign : list) {
    if (campaign["name"] == "Summer") {
      saw_summer = true;
      EXPECT_EQ(campaign["state"], "RUNNING");
      EXPECT_EQ(campaign["values"]["State Since"], "2026-11-28 13:59:42");
    }
  }
  EXPECT_TRUE(saw_summer);

  auto table = Get("statistics/ACDStatus");
  ASSERT_TRUE(table);
  const nlohmann::json acd = Json(table);
  EXPECT_EQ(acd["type"], "ACDStatus");
  EXPECT_EQ(acd["columns"], nlohmann::json({"Skill Name", "Calls In Queue"}));
  ASSERT_EQ(acd["rows"].size(), 2u);
  EXPECT_EQ(acd["rows"][0]["Calls In Queue"], "3");
  EXPECT_TRUE(acd["rows"][1]["Calls In Queue"].is_null());  // nil stays distinct from ""

  auto unknown_type = Get("statistics/NoSuchType");
  ASSERT_TRUE(unknown_type);
  EXPECT_EQ(unknown_type->status, 404);
  auto not_loaded = Get("statistics/AgentState");
  ASSERT_TRUE(not_loaded);
  EXPECT_EQ(not_loaded->status, 503);
  auto disabled = Get("statistics/AgentStatistics");
  ASSERT_TRUE(disabled);
  EXPECT_EQ(disabled->status, 404);
}

TEST_F(AdminApiTest, ResetDispositionsSendsUtcXsDateTimes) {
  transport_->PushBody(SoapResponse("resetCampaignDispositions"));
  auto result = Post(
      "campaigns/Winter/reset-dispositions",
      R"({"dispositions":["No Answer"],"after":"2026-11-28T05:00:00.250-08:00","before":"2026-11-28T14:00:00Z"})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(LastSoapField("after"), "2026-11-28T13:00:00.250Z");
  EXPECT_EQ(LastSoapField("before"), "2026-11-28T14:00:00Z");
  EXPECT_EQ(LastSoapField("dispositions"), "No Answer");
  EXPECT_EQ(LastSoapField("campaignName"), "Winter");
}

TEST_F(AdminApiTest, StationLoginReturnsSipParameters) {
  transport_->PushBody(SoapResponse(
      "loginStation",
      "<return><backupProxy>b</backupProxy><name>st-7</name><password>sip-Pa55</password>"
      "<proxy>p</proxy></return>"));
  auto result = Post("station/login", R"({"stationName":"st-7"})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  const nlohmann::json station = Json(result)["station"];
  EXPECT_EQ(station["name"], "st-7");
  EXPECT_EQ(station["password"], "sip-Pa55");
  EXPECT_EQ(station["proxy"], "p");
  EXPECT_TRUE(station["codecParameters"].is_null());
  EXPECT_EQ(LastSoapField("forceLogoutSession"), "false");
}

TEST_F(AdminApiTest, ChatMessagesReadTheBufferWithACursor) {
  ChatMessage first{"c1", RoledId{"Agent", 5}, {}, "one", 1000, "CHAT"};
  ChatMessage second{"c1", std::nullopt, {RoledId{"DomainSupervisor", 6}}, "two", 2000, "CHAT"};
  chat_.Append({first, second}, 0);
  auto all = Get("chat-messages?since=0");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200);
  nlohmann::json body = Json(all);
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["text"], "one");
  EXPECT_EQ(body["messages"][0]["from"]["userId"], 5);
  EXPECT_EQ(body["next"], 2000);

  auto later = Get("chat-messages?since=1000");
  ASSERT_TRUE(later);
  body = Json(later);
  ASSERT_EQ(body["messages"].size(), 1u);
  EXPECT_EQ(body["messages"][0]["text"], "two");

  auto bad = Get("chat-messages?since=yesterday");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);

  server_->SetDomains({DomainHandle{"acme", runner_.get(), nullptr, {}}});
  auto off = Get("chat-messages?since=0");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->status, 404);
  EXPECT_EQ(Json(off)["error"]["code"], "chat_receive_disabled");
}

// ---------------------------------------------------------------- injection and decoding

TEST_F(AdminApiTest, HostileCampaignNameReachesFive9ByteExact) {
  transport_->PushBody(SoapResponse("startCampaign"));
  auto result = Post("campaigns/" + Encode(kPromo) + "/start", "");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(Json(result)["campaign"], kPromo);
  // Escaped on the wire, and exactly the same bytes once parsed.
  EXPECT_THAT(LastSoapBody(),
              HasSubstr("<campaignName>Promo &lt;2026&gt; &amp; &quot;Q1&quot;</campaignName>"));
  EXPECT_EQ(LastSoapField("campaignName"), kPromo);
}

TEST_F(AdminApiTest, XmlInChatTextIsEscaped) {
  transport_->PushBody(SoapResponse("sendMsgToChat"));
  const std::string text = "</text><injected>1</injected>&amp;";
  auto result = Post("chats/c%2F1/messages", nlohmann::json{{"text", text}}.dump());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_THAT(LastSoapBody(), Not(HasSubstr("<injected>")));
  EXPECT_EQ(LastSoapField("text"), text);
  EXPECT_EQ(LastSoapField("chatId"), "c/1");  // %2F decoded inside the segment, not a split
}

TEST_F(AdminApiTest, PathParametersAreDecodedExactlyOnce) {
  PublishCampaigns({{"a%25b", "NOT_RUNNING"}});
  transport_->PushBody(SoapResponse("startCampaign"));
  auto result = Post("campaigns/a%2525b/start", "");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(LastSoapField("campaignName"), "a%25b");

  auto malformed = Post("campaigns/a%zz/start", "");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  auto control = Post("campaigns/a%0Ab/start", "");
  ASSERT_TRUE(control);
  EXPECT_EQ(control->status, 400);
  auto too_long = Post("campaigns/" + std::string(300, 'x') + "/start", "");
  ASSERT_TRUE(too_long);
  EXPECT_EQ(too_long->status, 400);
}

// ---------------------------------------------------------------- campaign table checks

TEST_F(AdminApiTest, StartingARunningCampaignIs409WithoutCallingFive9) {
  auto result = Post("campaigns/Summer/start", "");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 409);
  const nlohmann::json body = Json(result);
  EXPECT_EQ(body["error"]["code"], "wrong_campaign_state");
  EXPECT_EQ(body["error"]["state"], "RUNNING");
  EXPECT_TRUE(transport_->requests().empty());
  EXPECT_TRUE(runner_->methods().empty());
}

TEST_F(AdminApiTest, UnknownCampaignAndDomainAre404) {
  auto campaign = Post("campaigns/Nope/stop", "");
  ASSERT_TRUE(campaign);
  EXPECT_EQ(campaign->status, 404);
  EXPECT_EQ(Json(campaign)["error"]["code"], "campaign_not_found");
  EXPECT_TRUE(transport_->requests().empty());

  auto domain = http_->Get("/api/v1/domains/other/campaigns", Auth());
  ASSERT_TRUE(domain);
  EXPECT_EQ(domain->status, 404);
  EXPECT_EQ(Json(domain)["error"]["code"], "domain_not_found");

  auto route = Get("no/such/route");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->status, 404);

  auto method = http_->Put(Path("campaigns/Winter/start"), Auth(), "{}", "application/json");
  ASSERT_TRUE(method);
  EXPECT_EQ(method->status, 405);
  EXPECT_EQ(method->get_header_value("Allow"), "POST");
}

// ---------------------------------------------------------------- fault mapping

struct FaultCase {
  std::string fault;
  std::string children;
  int status;
};

TEST_F(AdminApiTest, FiveNineFaultsMapToStatuses) {
  const std::vector<FaultCase> cases = {
      {"CampaignNotFoundFault", "<campaignName>Winter</campaignName>", 404},
      {"AgentNotFoundFault", "<agentName>x</agentName>", 404},
      {"WrongCampaignStateFault",
       "<actualState>STARTING</actualState><campaignName>Winter</campaignName>"
       "<desiredState>RUNNING</desiredState>",
       409},
      {"ConcurrentModificationFault", "", 409},
      {"CampaignStateUpdateFault", "<campaignName>Winter</campaignName>", 409},
      {"WrongCampaignTypeFault", "<actualType>INBOUND</actualType>", 409},
      {"StationNotLoggedInFault", "", 409},
      {"OperationsLimitExceededFault",
       "<limit>2</limit><operationType>QueryStatistics</operationType>", 429},
      {"ServerFault", "<message>boom</message>", 502},
      {"AccessDisallowedFault", "", 502},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.fault);
    transport_->PushBody(SoapFault(c.fault, c.children), 500);
    auto result = Post("campaigns/Winter/start", "");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, c.status) << result->body;
    const nlohmann::json body = Json(result);
    EXPECT_EQ(body["error"]["code"], c.fault);
    if (c.status == 429) {
      // The 60 s window of QueryStatistics is exhausted in the published limits.
      EXPECT_EQ(result->get_header_value("Retry-After"), "60");
      EXPECT_EQ(body["error"]["operationType"], "QueryStatistics");
    } else {
      EXPECT_FALSE(result->has_header("Retry-After"));
    }
    if (c.fault == "WrongCampaignStateFault") {
      EXPECT_EQ(body["error"]["actualState"], "STARTING");
    }
  }
}

TEST_F(AdminApiTest, RunnerRefusalsAndTransportErrorsMapToStatuses) {
  struct Case {
    Error error;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {Error{ErrorCode::kNotReady, "no session"}, 503, "not_ready"},
      {Error{ErrorCode::kBudgetExhausted, "spent"}, 429, "budget_exhausted"},
      {Error{ErrorCode::kTimeout, "queue"}, 504, "timeout"},
      {Error{ErrorCode::kCancelled, "bye"}, 503, "cancelled"},
      {Error{ErrorCode::kTransport, "refused"}, 502, "transport"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    runner_->Refuse(c.error);
    auto result = Get("dispositions");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, c.status);
    EXPECT_EQ(Json(result)["error"]["code"], c.code);
    EXPECT_EQ(result->has_header("Retry-After"), c.status == 429);
  }
  runner_->Refuse(std::nullopt);
  transport_->Push(MakeError(ErrorCode::kTimeout, "read timeout"));
  auto timeout = Get("dispositions");
  ASSERT_TRUE(timeout);
  EXPECT_EQ(timeout->status, 504);

  server_->SetDomains({DomainHandle{"acme", nullptr, nullptr, {}}});
  auto no_runner = Get("dispositions");
  ASSERT_TRUE(no_runner);
  EXPECT_EQ(no_runner->status, 503);
}

// ---------------------------------------------------------------- auth

TEST_F(AdminApiTest, MissingOrUnknownTokenIs401WithChallenge) {
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"Authorization", "Bearer wrong"}},
        httplib::Headers{{"Authorization", std::string("Basic ") + kOpsSecret}},
        httplib::Headers{{"Authorization", std::string("Bearer ") + kOpsSecret + "x"}},
        httplib::Headers{{"Authorization", "Bearer"}}}) {
    auto result = http_->Get(Path("campaigns"), headers);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 401);
    EXPECT_THAT(result->get_header_value("WWW-Authenticate"), HasSubstr("Bearer"));
    EXPECT_EQ(Json(result)["error"]["code"], "unauthorized");
  }
  // Scheme is case-insensitive.
  auto ok = http_->Get(Path("campaigns"), {{"Authorization", std::string("bearer ") + kOpsSecret}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(AdminApiTest, MissingRoleIs403) {
  auto read = Get("campaigns", kReaderSecret);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "campaigns/Winter/start"},
                                                        {"POST", "chats"},
                                                        {"POST", "station/login"},
                                                        {"GET", "session"},
                                                        {"GET", "chat-messages"}}) {
    SCOPED_TRACE(path);
    auto result = method == "GET" ? Get(path, kReaderSecret) : Post(path, "{}", kReaderSecret);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 403);
    EXPECT_EQ(Json(result)["error"]["code"], "forbidden");
  }
  EXPECT_TRUE(transport_->requests().empty());
}

TEST(ConstantTimeEqualsTest, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), "a"));
}

// ---------------------------------------------------------------- input validation

TEST_F(AdminApiTest, BadJsonAndWrongTypesAre400WithClearMessages) {
  struct Case {
    std::string path;
    std::string body;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"chats/c1/messages", "{not json", "not valid JSON"},
      {"chats/c1/messages", "[1,2]", "must be a JSON object"},
      {"chats/c1/messages", "", "JSON object body is required"},
      {"chats/c1/messages", R"({"text":5})", "\"text\" must be a string"},
      {"chats/c1/messages", R"({"txt":"hi"})", "unknown field \"txt\""},
      {"chats/c1/messages", R"({"text":""})", "must not be empty"},
      {"chats/c1/messages", nlohmann::json{{"text", std::string(5000, 'a')}}.dump(), "longer than"},
      {"chats/c1/accept", R"({"accepted":"yes"})", "\"accepted\" must be true or false"},
      {"chats/c1/invites", R"({"role":"Boss","userId":1})",
       "must be one of Agent, DomainSupervisor, DomainAdmin"},
      {"chats/c1/invites", R"({"role":"Agent","userId":"1"})", "\"userId\" must be an integer"},
      {"chats/c1/invites", R"({"role":"Agent","userId":1.5})", "\"userId\" must be an integer"},
      {"chats/c1/invites", R"({"role":"Agent","userId":-1})", "\"userId\" must be an integer"},
      {"broadcasts", R"({"type":"EVERYONE","text":"x"})", "must be one of ALL"},
      {"broadcasts", R"({"type":"SPEC_SKILL","text":"x"})", "\"specId\" is required"},
      {"info-messages", R"({"role":"Agent","userId":1})", "\"text\" is required"},
      {"agents/a/monitoring", R"({"mode":"Loud"})", "must be one of Silence, BargeIn, Whispering"},
      {"station/login", R"({"forceLogoutSession":1})", "must be true or false"},
      {"station/login", R"({"idleTimeOut":5})", "between 60 and 1800"},
      {"campaigns/Winter/reset-dispositions", R"({"dispositions":"Busy"})", "array of strings"},
      {"campaigns/Winter/reset-dispositions", R"({"dispositions":[]})", "at least one"},
      {"campaigns/Winter/reset-dispositions", R"({"dispositions":["B"],"after":"yesterday"})",
       "RFC 3339"},
      {"campaigns/Winter/reset-dispositions",
       R"({"dispositions":["B"],"after":"2026-11-28T10:00:00"})", "RFC 3339"},
      {"campaigns/Winter/reset-dispositions",
       R"({"dispositions":["B"],"after":"2026-02-30T10:00:00Z"})", "RFC 3339"},
      {"campaigns/Winter/reset-dispositions",
       R"({"dispositions":["B"],"after":"2026-11-28T10:00:00Z","before":"2026-11-27T10:00:00Z"})",
       "must not be later"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path + " " + c.body.substr(0, 80));
    auto result = Post(c.path, c.body);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 400) << result->body;
    const nlohmann::json body = Json(result);
    EXPECT_EQ(body["error"]["code"], "bad_request");
    EXPECT_THAT(body["error"]["message"].get<std::string>(), HasSubstr(c.message_part));
  }
  auto put = http_->Put(Path("session"), Auth(), R"({"viewSettings":{"shiftStart":0}})",
                        "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 400);
  EXPECT_THAT(Json(put)["error"]["message"].get<std::string>(),
              HasSubstr("\"timeZone\" is required"));
  auto enum_put =
      http_->Put(Path("session"), Auth(),
                 R"({"viewSettings":{"shiftStart":0,"timeZone":0,"rollingPeriod":"Forever"}})",
                 "application/json");
  ASSERT_TRUE(enum_put);
  EXPECT_EQ(enum_put->status, 400);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(AdminApiTest, OversizedBodyIs413) {
  const std::string big = nlohmann::json{{"text", std::string(70 * 1024, 'a')}}.dump();
  auto result = Post("chats/c1/messages", big);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(Json(result)["error"]["code"], "payload_too_large");
  EXPECT_TRUE(transport_->requests().empty());
}

// ---------------------------------------------------------------- rate limit, audit, metrics

TEST_F(AdminApiTest, RateLimitPerTokenWithRetryAfter) {
  server_->Stop();
  Start(/*rate=*/0.5, /*burst=*/3);
  for (int i = 0; i < 3; ++i) {
    auto ok = Get("campaigns");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
  }
  auto limited = Get("campaigns");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "2");
  EXPECT_EQ(Json(limited)["error"]["code"], "rate_limited");
  // Another token has its own bucket.
  auto other = Get("campaigns", kReaderSecret);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  clock_.Advance(std::chrono::seconds(2));
  auto again = Get("campaigns");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(AdminApiTest, AuditLineHasNoSecrets) {
  LogCapture logs;
  SetLogLevel(LogLevel::kError);  // the audit sink does not depend on the log level
  transport_->PushBody(SoapResponse(
      "loginStation", "<return><name>st-9</name><password>sip-TopSecret</password></return>"));
  auto result = Post("station/login", R"({"stationName":"st-9"})");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  transport_->PushBody(SoapFault("CampaignNotFoundFault"), 500);
  auto fault = Post("campaigns/" + Encode(kPromo) + "/stop", "");
  ASSERT_TRUE(fault);
  auto denied =
      http_->Get(Path("campaigns"), {{"Authorization", "Bearer guess-" + std::string(kOpsSecret)}});
  ASSERT_TRUE(denied);
  SetLogLevel(LogLevel::kInfo);

  const auto lines = AuditLines();
  ASSERT_EQ(lines.size(), 3u) << AuditText();
  EXPECT_EQ(lines[0]["token"], "ops-bot");
  EXPECT_EQ(lines[0]["action"], "station_login");
  EXPECT_EQ(lines[0]["method"], "POST");
  EXPECT_EQ(lines[0]["target"], "st-9");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["outcome"], "ok");
  EXPECT_EQ(lines[0]["route"], "/api/v1/domains/{domain}/station/login");
  EXPECT_EQ(lines[0]["domain"], "acme");
  EXPECT_EQ(lines[0]["remote"], "127.0.0.1");
  EXPECT_THAT(lines[0]["time"].get<std::string>(),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z"));
  EXPECT_EQ(lines[1]["action"], "campaign_stop");
  EXPECT_EQ(lines[1]["status"], 404);
  EXPECT_EQ(lines[1]["fault"], "CampaignNotFoundFault");
  EXPECT_EQ(lines[1]["target"], kPromo);
  EXPECT_EQ(lines[2]["status"], 401);
  EXPECT_EQ(lines[2]["token"], "");
  EXPECT_EQ(lines[2]["outcome"], "unauthorized");
  const std::string all = AuditText() + logs.text();
  EXPECT_THAT(all, Not(HasSubstr(kOpsSecret)));
  EXPECT_THAT(all, Not(HasSubstr("sip-TopSecret")));
}

TEST_F(AdminApiTest, OpenApiDocumentIsServedWithoutToken) {
  auto document = http_->Get("/api/v1/openapi.yaml");
  ASSERT_TRUE(document);
  EXPECT_EQ(document->status, 200);
  EXPECT_THAT(document->get_header_value("Content-Type"), HasSubstr("application/yaml"));
  EXPECT_THAT(document->body, HasSubstr("openapi: 3.1.0"));
  EXPECT_THAT(document->body, HasSubstr("/api/v1/domains/{domain}/campaigns/{name}/start:"));
  auto post = http_->Post("/api/v1/openapi.yaml", "", "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
}

TEST_F(AdminApiTest, AuditFileIsReopenedByName) {
  ASSERT_EQ(Get("campaigns")->status, 200);
  const std::string rotated = audit_path_ + ".1";
  ASSERT_EQ(std::rename(audit_path_.c_str(), rotated.c_str()), 0);
  ASSERT_EQ(Get("campaigns")->status, 200);  // still into the moved file
  server_->ReopenAuditLog();
  ASSERT_EQ(Get("campaigns")->status, 200);
  EXPECT_EQ(AuditLines().size(), 1u);
  std::ifstream old_file(rotated);
  int old_lines = 0;
  for (std::string line; std::getline(old_file, line);) ++old_lines;
  EXPECT_EQ(old_lines, 2);
}

TEST_F(AdminApiTest, FailedAuthenticationsAreThrottledPerAddress) {
  const auto guess = [&](const std::string& secret) {
    return http_->Get(Path("campaigns"), {{"Authorization", "Bearer " + secret}});
  };
  for (int i = 0; i < AuthFailureLimiter::kBurst; ++i) {
    auto refused = i % 2 ? guess("wrong-" + std::to_string(i)) : http_->Get(Path("campaigns"));
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused->status, 401) << i;
  }
  // Out of attempts: even the right token gets 429 now, so a lucky guess is not confirmed.
  auto throttled = guess(kOpsSecret);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(Json(throttled)["error"]["code"], "auth_throttled");
  EXPECT_EQ(throttled->get_header_value("Retry-After"), "6");
  {
    std::lock_guard lock(counted_mutex_);
    EXPECT_EQ(auth_failures_["missing"], AuthFailureLimiter::kBurst / 2);
    EXPECT_EQ(auth_failures_["unknown"], AuthFailureLimiter::kBurst / 2);
    EXPECT_EQ(auth_failures_["throttled"], 1);
  }
  const auto lines = AuditLines();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back()["status"], 429);
  EXPECT_EQ(lines.back()["outcome"], "auth_throttled");
  // One attempt comes back per refill period.
  clock_.Advance(AuthFailureLimiter::kRefill);
  auto again = guess(kOpsSecret);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(AdminApiTest, EveryRequestIsCounted) {
  transport_->PushBody(SoapResponse("stopCampaign"));
  ASSERT_TRUE(Post("campaigns/Summer/stop", ""));
  ASSERT_TRUE(Post("campaigns/Summer/start", ""));
  ASSERT_TRUE(http_->Get(Path("campaigns")));
  EXPECT_THAT(Counted(), ::testing::ElementsAre("campaign_stop:200", "campaign_start:409",
                                                "campaigns_list:401"));
}

// A runner whose calls block until released: stands in for a slow Five9.
class BlockingRunner final : public AdminCallRunner {
 public:
  Result<void> RunAdminCall(std::string_view, std::function<Result<void>(SupervisorClient&)>,
                            std::chrono::milliseconds) override {
    std::unique_lock lock(mutex_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return released_; });
    --waiting_;
    ++returned_;
    return MakeError(ErrorCode::kTimeout, "released");
  }
  int returned() {
    std::lock_guard lock(mutex_);
    return returned_;
  }
  // Waits (bounded) until `n` calls are blocked.
  bool WaitForWaiting(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return waiting_ >= n; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int waiting_ = 0;        // guarded by mutex_
  int returned_ = 0;       // guarded by mutex_
  bool released_ = false;  // guarded by mutex_
};

TEST_F(AdminApiTest, SlowFive9NeverStarvesScrapes) {
  BlockingRunner blocking;
  server_->SetDomains({DomainHandle{"acme", &blocking, nullptr, {}}});
  const int cap = WebServerOptions{}.max_admin_in_flight;
  std::vector<std::jthread> callers;
  std::vector<int> statuses(cap, 0);
  for (int i = 0; i < cap; ++i) {
    callers.emplace_back([this, i, &statuses] {
      httplib::Client client("127.0.0.1", server_->port());
      client.set_read_timeout(std::chrono::seconds(30));
      auto result = client.Get(Path("dispositions"), Auth());
      statuses[i] = result ? result->status : -1;
    });
  }
  ASSERT_TRUE(blocking.WaitForWaiting(cap));
  // One more admin request is refused at once instead of taking a worker.
  auto busy = Get("dispositions");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(Json(busy)["error"]["code"], "busy");
  EXPECT_EQ(busy->get_header_value("Retry-After"), "1");
  // Scrapes and health checks still get a worker.
  httplib::Client scraper("127.0.0.1", server_->port());
  auto metrics = scraper.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  blocking.Release();
  callers.clear();  // joins
  for (int status : statuses) EXPECT_EQ(status, 504);
}

TEST_F(AdminApiTest, SetDomainsWaitsUntilDroppedRunnersAreUnused) {
  BlockingRunner blocking;
  server_->SetDomains({DomainHandle{"acme", &blocking, nullptr, {}}});
  std::jthread caller([this] {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_read_timeout(std::chrono::seconds(30));
    client.Get(Path("dispositions"), Auth());
  });
  ASSERT_TRUE(blocking.WaitForWaiting(1));
  std::atomic<bool> swapped{false};
  std::atomic<int> returned_at_swap{-1};
  std::jthread reloader([&] {
    server_->SetDomains({DomainHandle{"acme", runner_.get(), nullptr, {}}});
    returned_at_swap = blocking.returned();
    swapped = true;
  });
  // While the old runner is in use, SetDomains must not return (bounded polling).
  ASSERT_FALSE(WaitUntil([&] { return swapped.load(); }, std::chrono::milliseconds(200)));
  // New requests already use the new runner.
  transport_->PushBody(SoapResponse("getDispositionsNames", "<return>A</return>"));
  auto fresh = Get("dispositions");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
  blocking.Release();
  reloader.join();
  EXPECT_TRUE(swapped.load());
  EXPECT_EQ(returned_at_swap.load(), 1);
}

}  // namespace
}  // namespace five9exp
