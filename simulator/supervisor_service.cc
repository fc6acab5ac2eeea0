#include "simulator/supervisor_service.h"

#include <algorithm>
#include <array>
#include <set>
#include <thread>

namespace five9sim {
namespace {

using five9exp::XmlElement;
using five9exp::XmlWriter;

// The guide's "Initializing a Session" table: these need setSessionParameters first.
// The rest (getApiVersions, getCallCountersState, the station/monitoring calls) do not.
const std::set<std::string, std::less<>>& SessionMethods() {
  static const auto* methods = new std::set<std::string, std::less<>>{"closeSession",
                                                                      "forceStopCampaign",
                                                                      "getDispositionsNames",
                                                                      "resetCampaign",
                                                                      "resetCampaignDispositions",
                                                                      "startCampaign",
                                                                      "stopCampaign",
                                                                      "acceptChatInvite",
                                                                      "closeChatSession",
                                                                      "createChatSession",
                                                                      "receiveMessages",
                                                                      "removeUserFromChat",
                                                                      "sendBroadcastMessages",
                                                                      "sendChatInvite",
                                                                      "sendInfoMessage",
                                                                      "sendMsgToChat",
                                                                      "getSessionParameters",
                                                                      "getColumnNames",
                                                                      "getStatistics",
                                                                      "getStatisticsUpdate",
                                                                      "getLoggedInUsers",
                                                                      "getMyGroupIds",
                                                                      "getMyPermissions",
                                                                      "getMySkillsIds",
                                                                      "getUserLimits"};
  return *methods;
}

const std::set<std::string, std::less<>>& AllMethods() {
  static const auto* methods = [] {
    auto* m = new std::set<std::string, std::less<>>(SessionMethods());
    for (const char* name :
         {"setSessionParameters", "getApiVersions", "getCallCountersState", "loginStation",
          "reconnectStation", "startMonitoring", "stopMonitoring", "getMonitoringSupervisors"}) {
      m->insert(name);
    }
    return m;
  }();
  return *methods;
}

int DecodeBase64Char(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  int bits = 0;
  uint32_t acc = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = DecodeBase64Char(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

ModelFault LimitFault(const LimitRule& rule) {
  return ModelFault{"OperationsLimitExceededFault",
                    {{"limit", std::to_string(rule.limit)}, {"operationType", rule.operation_type}},
                    "Operations limit exceeded: " + rule.operation_type + " allows " +
                        std::to_string(rule.limit) + " requests per " +
                        std::to_string(rule.window.count()) + " seconds"};
}

SoapReply FaultReply(const ModelFault& fault) {
  SoapReply reply;
  reply.status = 500;
  reply.body = FaultEnvelope(fault);
  return reply;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> DecodeBasicAuth(std::string_view header) {
  constexpr std::string_view kPrefix = "Basic ";
  if (header.size() <= kPrefix.size()) return std::nullopt;
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kPrefix[i]))) {
      return std::nullopt;
    }
  }
  std::string_view encoded = header.substr(kPrefix.size());
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && (encoded.back() == ' ' || encoded.back() == '\r'))
    encoded.remove_suffix(1);
  auto decoded = DecodeBase64(encoded);
  if (!decoded) return std::nullopt;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

struct SupervisorService::Context {
  SoapRequest request;
  std::unique_ptr<SessionRegistry::Call> call;
  XmlElement payload() const { return request.payload; }
  const std::string& op() const { return request.operation; }
};

SupervisorService::SupervisorService(ContactCenter& model, SessionRegistry& sessions,
                                     LimitModel& limits, FaultInjector& faults, ChatHub& chat,
                                     MonitorRegistry& monitors, five9exp::Clock& clock,
                                     ServiceOptions options)
    : model_(model),
      sessions_(sessions),
      limits_(limits),
      faults_(faults),
      chat_(chat),
      monitors_(monitors),
      clock_(clock),
      options_(std::move(options)) {}

void SupervisorService::Stop() {
  stop_.request_stop();
  sessions_.StopAll();
}

void SupervisorService::Count(std::string_view method, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++counters_.calls[std::string(method)];
  ++counters_.outcomes[std::string(method)][std::string(outcome)];
}

CallCounters SupervisorService::Counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

int64_t SupervisorService::AgentId(std::string_view username) {
  std::lock_guard lock(mutex_);
  auto it = agent_ids_.find(username);
  if (it != agent_ids_.end()) return it->second;
  const int64_t id = next_agent_id_++;
  agent_ids_.emplace(std::string(username), id);
  return id;
}

std::optional<ChatParty> SupervisorService::PartyById(const five9exp::RoledId& id) {
  for (const UserAccount& user : sessions_.Users()) {
    if (user.user_id == id.user_id)
      return ChatParty{user.name, {"DomainSupervisor", user.user_id}, false};
  }
  for (const std::string& agent : model_.AgentUsernames()) {
    if (AgentId(agent) == id.user_id) return ChatParty{agent, {"Agent", id.user_id}, true};
  }
  return std::nullopt;
}

ChatParty SupervisorService::PartyOfUser(const std::string& user) {
  auto account = sessions_.FindUser(user);
  return ChatParty{user, {"DomainSupervisor", account ? account->user_id : 0}, false};
}

SoapReply SupervisorService::Handle(std::string_view authorization, std::string_view body) {
  auto credentials = DecodeBasicAuth(authorization);
  if (!credentials || !sessions_.Authenticate(credentials->first, credentials->second)) {
    Count("(unauthenticated)", "http_401");
    SoapReply reply;
    reply.status = 401;
    reply.unauthorized = true;
    reply.content_type = "text/plain";
    reply.body = "401 Unauthorized";
    return reply;
  }
  if (stop_.stop_requested()) {
    return FaultReply(MakeFault("ServiceUnavailableFault", "server is stopping"));
  }
  if (body.size() > options_.max_request_bytes) {
    Count("(malformed)", "client_fault");
    SoapReply reply;
    reply.status = 500;
    reply.body = ClientFaultEnvelope("request too large");
    return reply;
  }
  auto request = ParseSoapRequest(body, options_.max_request_bytes);
  if (!request) {
    Count("(malformed)", "client_fault");
    SoapReply reply;
    reply.status = 500;
    reply.body = ClientFaultEnvelope("Couldn't parse the SOAP request: " + request.error().message);
    return reply;
  }
  Context ctx{std::move(*request), nullptr};
  const std::string method = ctx.op();

  // Injected misbehaviour comes first: it plays the network and Five9's front end.
  InjectionPlan plan = faults_.Take(method);
  if (plan.latency.count() > 0) {
    clock_.SleepUntil(clock_.SteadyNow() + plan.latency, stop_.get_token());
  }
  if (plan.outage) {
    Count(method, "outage");
    SoapReply reply;
    reply.status = 503;
    reply.content_type = "text/html";
    reply.body = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";
    return reply;
  }
  if (plan.action) {
    const Injection& inj = *plan.action;
    SoapReply reply;
    switch (inj.kind) {
      case InjectionKind::kHttpStatus:
        Count(method, "injected_http_" + std::to_string(inj.http_status));
        reply.status = inj.http_status;
        reply.content_type = "text/plain";
        reply.body = "injected HTTP " + std::to_string(inj.http_status);
        return reply;
      case InjectionKind::kReset:
        Count(method, "injected_reset");
        reply.reset_connection = true;
        return reply;
      case InjectionKind::kTruncated: {
        Count(method, "injected_truncated");
        std::string full = ResponseEnvelope(method, "");
        reply.body = full.substr(0, full.size() / 2);
        return reply;
      }
      case InjectionKind::kMalformed:
        Count(method, "injected_malformed");
        reply.body = "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"" + std::string(kSoapEnvNs) +
                     "\"><env:Body><ns2:" + method + "Response></env:Body></oops>";
        return reply;
      case InjectionKind::kFault:
        Count(method, "injected_" + inj.fault.name);
        return FaultReply(inj.fault);
      case InjectionKind::kLatency:
        break;
    }
  }
  if (!AllMethods().contains(method)) {
    Count(method, "client_fault");
    SoapReply reply;
    reply.status = 500;
    reply.body = ClientFaultEnvelope("Cannot find dispatch method for {" + std::string(kFive9Ns) +
                                     "}" + method);
    return reply;
  }
  auto call = sessions_.Begin(credentials->first, method);
  if (!call) {
    Count(method, call.error().name);
    return FaultReply(call.error());
  }
  ctx.call = std::move(*call);
  SoapReply reply = Dispatch(ctx);
  return reply;
}

SoapReply SupervisorService::Dispatch(Context& ctx) {
  const std::string& method = ctx.op();
  auto fail = [&](const ModelFault& fault) {
    Count(method, fault.name);
    return FaultReply(fault);
  };
  if (SessionMethods().contains(method)) {
    if (auto ok = sessions_.RequireSession(*ctx.call); !ok) return fail(ok.error());
  }
  if (auto exceeded = limits_.TryConsume(method, clock_.SteadyNow()))
    return fail(LimitFault(*exceeded));
  auto children = Operate(ctx);
  // A call whose session was replaced or closed while it ran answers SessionClosedFault.
  if (ctx.call->stop_token().stop_requested() && method != "setSessionParameters") {
    if (auto ok = sessions_.RequireSession(*ctx.call); !ok) return fail(ok.error());
  }
  if (!children) return fail(children.error());
  Count(method, "ok");
  SoapReply reply;
  reply.body = ResponseEnvelope(method, *children);
  return reply;
}

ModelResult<std::string> SupervisorService::Operate(Context& ctx) {
  const std::string& op = ctx.op();
  XmlElement p = ctx.payload();
  SessionRegistry::Call& call = *ctx.call;
  XmlWriter w;
  using Out = ModelResult<std::string>;
  auto done = [&]() -> Out { return w.Release(); };

  // --- session
  if (op == "setSessionParameters") {
    auto settings = ReadViewSettings(p);
    if (!settings) return tl::unexpected(settings.error());
    sessions_.OpenSession(call, *settings);
    return done();
  }
  if (op == "getSessionParameters") {
    auto settings = sessions_.Settings(call);
    if (settings) WriteViewSettings(w, "return", *settings);
    return done();
  }
  if (op == "closeSession") {
    sessions_.CloseSession(call);
    return done();
  }
  if (op == "getApiVersions") {
    w.Open("return");
    w.Element("maxVersion", options_.max_api_version);
    w.Element("minVersion", options_.min_api_version);
    w.Close("return");
    return done();
  }

  // --- statistics
  if (op == "getColumnNames") {
    auto type = ReadStatisticType(p);
    if (!type) return tl::unexpected(type.error());
    std::vector<five9exp::CellValue> names;
    for (auto& c : model_.ColumnNames(*type)) names.emplace_back(std::move(c));
    WriteRow(w, "return", names);
    return done();
  }
  if (op == "getStatistics") {
    auto type = ReadStatisticType(p);
    if (!type) return tl::unexpected(type.error());
    std::vector<std::string> columns = ReadColumnNames(p);
    auto stats = model_.GetStatistics(*type, columns);
    if (!stats) return tl::unexpected(stats.error());
    sessions_.SetColumns(call, *type, columns);
    sessions_.IssueTimestamp(call, *type, stats->timestamp);
    WriteStatistics(w, *stats);
    return done();
  }
  if (op == "getStatisticsUpdate") {
    auto type = ReadStatisticType(p);
    if (!type) return tl::unexpected(type.error());
    auto previous = ReadLong(p, "previousTimestamp");
    if (!previous) return tl::unexpected(previous.error());
    auto timeout = ReadLong(p, "longPollingTimeout");
    if (!timeout) return tl::unexpected(timeout.error());
    if (auto ok = sessions_.CheckTimestamp(call, *type, *previous); !ok)
      return tl::unexpected(ok.error());
    const std::vector<std::string> columns = sessions_.Columns(call, *type);
    const auto wait = std::clamp(std::chrono::milliseconds(*timeout), std::chrono::milliseconds(0),
                                 options_.max_long_poll);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (true) {
      const uint64_t seen = model_.change_generation();
      auto changes = model_.ChangesSince(*type, *previous, columns);
      if (!changes) return tl::unexpected(changes.error());
      if (*changes) {
        sessions_.IssueTimestamp(call, *type, (*changes)->last_timestamp);
        WriteStatisticsUpdate(w, **changes);
        return done();
      }
      if (std::chrono::steady_clock::now() >= deadline || call.stop_token().stop_requested()) break;
      model_.WaitForChange(seen, deadline, call.stop_token());
    }
    return done();  // nothing changed: no `return` element
  }

  // --- limits and users
  if (op == "getCallCountersState") {
    WriteLimitStates(w, limits_.State(clock_.SteadyNow()));
    return done();
  }
  if (op == "getUserLimits") {
    w.Open("return");
    w.Element("mobileLimit", std::to_string(options_.mobile_limit));
    w.Element("mobileLoggedin", "0");
    w.Element("supervisorLimit", std::to_string(options_.supervisor_limit));
    w.Element("supervisorsLoggedin", std::to_string(sessions_.OpenSessionUsers().size()));
    w.Close("return");
    return done();
  }
  if (op == "getLoggedInUsers") {
    for (const std::string& user : sessions_.OpenSessionUsers()) {
      w.Open("return");
      w.Element("name", user);
      WriteRoledId(w, "roledId", PartyOfUser(user).id);
      w.Close("return");
    }
    auto states = model_.GetStatistics(five9exp::StatisticType::kAgentState, {"Username", "State"});
    if (states) {
      const auto& cols = states->columns;
      const auto user_col = std::find(cols.begin(), cols.end(), "Username") - cols.begin();
      const auto state_col = std::find(cols.begin(), cols.end(), "State") - cols.begin();
      for (const auto& row : states->rows) {
        if (user_col >= static_cast<long>(row.size()) || state_col >= static_cast<long>(row.size()))
          continue;
        if (!row[user_col] || !row[state_col] || *row[state_col] == "Logged Out") continue;
        w.Open("return");
        w.Element("name", *row[user_col]);
        WriteRoledId(w, "roledId", {"Agent", AgentId(*row[user_col])});
        w.Close("return");
      }
    }
    return done();
  }
  if (op == "getMyGroupIds") {
    for (const auto& [id, name] : std::array<std::pair<int64_t, const char*>, 3>{
             {{2001, "Sales Team"}, {2002, "Support Team"}, {2003, "Night Shift"}}}) {
      w.Open("return");
      w.Element("id", std::to_string(id));
      w.Element("name", name);
      w.Close("return");
    }
    return done();
  }
  if (op == "getMyPermissions") {
    for (const auto& [type, value] :
         std::array<std::pair<const char*, bool>, 8>{{{"Users", true},
                                                      {"Agents", true},
                                                      {"CallMonitoring", true},
                                                      {"Stations", true},
                                                      {"ChatSessions", true},
                                                      {"Campaigns", true},
                                                      {"CampaignManagement", true},
                                                      {"BillingInfo", false}}}) {
      w.Open("return");
      w.Element("type", type);
      w.Element("value", value ? "true" : "false");
      w.Close("return");
    }
    return done();
  }
  if (op == "getMySkillsIds") {
    for (const auto& [id, name] : model_.SkillIdsAndNames()) {
      w.Open("return");
      w.Element("id", std::to_string(id));
      w.Element("name", name);
      w.Close("return");
    }
    return done();
  }

  // --- campaigns
  if (op == "startCampaign" || op == "stopCampaign" || op == "forceStopCampaign" ||
      op == "resetCampaign" || op == "resetCampaignDispositions") {
    auto name = ReadString(p, "campaignName");
    if (!name) return tl::unexpected(name.error());
    ModelResult<void> result;
    if (op == "startCampaign") result = model_.StartCampaign(*name);
    if (op == "stopCampaign") result = model_.StopCampaign(*name);
    if (op == "forceStopCampaign") result = model_.ForceStopCampaign(*name);
    if (op == "resetCampaign") result = model_.ResetCampaign(*name);
    if (op == "resetCampaignDispositions") {
      std::vector<std::string> dispositions;
      for (XmlElement d : p.Children("dispositions")) dispositions.push_back(d.Text());
      result = model_.ResetCampaignDispositions(*name, dispositions, p.ChildText("after"),
                                                p.ChildText("before"));
    }
    if (!result) return tl::unexpected(result.error());
    return done();
  }
  if (op == "getDispositionsNames") {
    for (const auto& name : model_.DispositionNames()) w.Element("return", name);
    return done();
  }

  // --- chat
  const ChatParty me = PartyOfUser(call.user());
  auto party_of = [&](std::string_view field) -> ModelResult<ChatParty> {
    auto id = ReadRoledId(p, field);
    if (!id) return tl::unexpected(id.error());
    auto party = PartyById(*id);
    if (!party)
      return tl::unexpected(
          ModelFault{"ChatFault", {}, "unknown user id " + std::to_string(id->user_id)});
    return *party;
  };
  if (op == "createChatSession") {
    w.Element("return", chat_.Create(me));
    return done();
  }
  if (op == "closeChatSession" || op == "sendMsgToChat" || op == "sendChatInvite" ||
      op == "acceptChatInvite" || op == "removeUserFromChat") {
    auto chat_id = ReadString(p, "chatId");
    if (!chat_id) return tl::unexpected(chat_id.error());
    ModelResult<void> result;
    if (op == "closeChatSession") result = chat_.Close(me, *chat_id);
    if (op == "sendMsgToChat") result = chat_.Send(me, *chat_id, p.ChildText("text").value_or(""));
    if (op == "acceptChatInvite") {
      auto accepted = ReadBool(p, "accepted");
      if (!accepted) return tl::unexpected(accepted.error());
      result = chat_.Accept(me, *chat_id, *accepted);
    }
    if (op == "sendChatInvite" || op == "removeUserFromChat") {
      auto party = party_of("user");
      if (!party) return tl::unexpected(party.error());
      result = op == "sendChatInvite" ? chat_.Invite(me, *chat_id, *party)
                                      : chat_.Remove(me, *chat_id, *party);
    }
    if (!result) return tl::unexpected(result.error());
    return done();
  }
  if (op == "sendBroadcastMessages") {
    auto type = ReadString(p, "type");
    if (!type) return tl::unexpected(type.error());
    static constexpr std::string_view kTypes[] = {"ALL", "MY_SKILLS", "SPEC_SKILL",
                                                  "MY_AGENT_GROUPS", "SPEC_AGENT_GROUP"};
    if (std::find(std::begin(kTypes), std::end(kTypes), *type) == std::end(kTypes)) {
      return tl::unexpected(MakeFault("IncorrectArgumentFault", "unknown broadcastType"));
    }
    auto spec = ReadLong(p, "specId");
    if (!spec) return tl::unexpected(spec.error());
    chat_.Broadcast(me, *type, *spec, p.ChildText("text").value_or(""));
    return done();
  }
  if (op == "sendInfoMessage") {
    auto party = party_of("user");
    if (!party) return tl::unexpected(party.error());
    chat_.Info(me, *party, p.ChildText("text").value_or(""));
    return done();
  }
  if (op == "receiveMessages") {
    auto previous = ReadLong(p, "previousTimestamp");
    if (!previous) return tl::unexpected(previous.error());
    auto timeout = ReadLong(p, "longPollingTimeout");
    if (!timeout) return tl::unexpected(timeout.error());
    const auto wait = std::clamp(std::chrono::milliseconds(*timeout), std::chrono::milliseconds(0),
                                 options_.max_long_poll);
    auto messages = chat_.WaitSince(call.user(), *previous, std::chrono::steady_clock::now() + wait,
                                    call.stop_token());
    if (messages) WriteChatMessages(w, *messages);
    return done();
  }

  // --- monitoring
  if (op == "loginStation") {
    five9exp::LoginStationRequest request;
    request.station_name = p.ChildText("stationName");
    request.force_logout_session = p.ChildText("forceLogoutSession").value_or("false") == "true";
    request.app_type = p.ChildText("appType");
    WriteStationParameters(w, monitors_.Login(call.user(), request));
    return done();
  }
  if (op == "reconnectStation") {
    auto result = monitors_.Reconnect(call.user());
    if (!result) return tl::unexpected(result.error());
    w.Element("return", *result);
    return done();
  }
  if (op == "startMonitoring" || op == "stopMonitoring" || op == "getMonitoringSupervisors") {
    auto agent = ReadString(p, "agentName");
    if (!agent) return tl::unexpected(agent.error());
    if (op != "getMonitoringSupervisors" && !monitors_.LoggedIn(call.user())) {
      return tl::unexpected(
          ModelFault{"StationNotLoggedInFault", {}, "loginStation has not been called"});
    }
    if (!model_.HasAgent(*agent)) {
      return tl::unexpected(
          ModelFault{"AgentNotFoundFault", {{"agentName", *agent}}, "Agent name is invalid"});
    }
    if (op == "startMonitoring") {
      auto result =
          monitors_.Start(call.user(), *agent, p.ChildText("monitoringMode").value_or("Silence"));
      if (!result) return tl::unexpected(result.error());
    } else if (op == "stopMonitoring") {
      auto result = monitors_.Stop(call.user(), *agent);
      if (!result) return tl::unexpected(result.error());
    } else {
      for (const auto& m : monitors_.SupervisorsOf(*agent)) {
        w.Open("return");
        w.Element("mode", m.mode);
        w.Element("supervisorName", m.supervisor_name);
        w.Close("return");
      }
    }
    return done();
  }
  return tl::unexpected(MakeFault("ServerFault", "operation not implemented: " + op));
}

}  // namespace five9sim
