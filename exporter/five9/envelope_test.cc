#include "exporter/five9/envelope.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "exporter/five9/reference_dir.h"
#include "exporter/five9/wsdl_schema.h"
#include "exporter/five9/xml.h"

namespace five9exp {
namespace {

// The payload element (first child of the SOAP Body) of a built envelope.
struct Payload {
  XmlDocument doc;
  XmlElement element;
};
Payload PayloadOf(const std::string& envelope) {
  auto doc = XmlDocument::Parse(envelope);
  EXPECT_TRUE(doc) << doc.error().ToString();
  XmlElement body = doc->Root().Child("Body");
  XmlElement payload = body.Elements().empty() ? XmlElement() : body.Elements().front();
  return Payload{std::move(*doc), payload};
}

std::vector<std::string> ChildNames(XmlElement e) {
  std::vector<std::string> out;
  for (XmlElement c : e.Elements()) out.emplace_back(c.LocalName());
  return out;
}

ViewSettings FullViewSettings() {
  ViewSettings s;
  s.app_type = "five9_exporter";
  s.force_logout_session = true;
  s.idle_timeout_s = 600;
  s.rolling_period = "Minutes30";
  s.shift_start_ms = 28'800'000;
  s.statistics_range = "CurrentDay";
  s.time_zone_ms = -25'200'000;
  return s;
}

// Every request the client can build: every operation, optional fields set and unset.
std::vector<std::pair<std::string, std::string>> AllRequests() {
  const RoledId agent{"Agent", 1234567890123};
  const RoledId no_role{"", 7};
  LoginStationRequest login_full{"station <1>", true, "exporter", 300};
  LoginStationRequest login_min;
  std::vector<std::pair<std::string, std::string>> out = {
      {"setSessionParameters/full", BuildSetSessionParametersRequest(FullViewSettings())},
      {"setSessionParameters/required-only", BuildSetSessionParametersRequest(ViewSettings{})},
      {"getSessionParameters", BuildGetSessionParametersRequest()},
      {"closeSession", BuildCloseSessionRequest()},
      {"getApiVersions", BuildGetApiVersionsRequest()},
      {"getStatistics/all-columns",
       BuildGetStatisticsRequest(StatisticType::kAgentState, {}, std::nullopt, 4)},
      {"getStatistics/columns",
       BuildGetStatisticsRequest(StatisticType::kAcdStatus, {"Skill Name", "Calls In Queue"},
                                 std::nullopt, 4)},
      {"getStatistics/skills-flag-old-api",
       BuildGetStatisticsRequest(StatisticType::kAgentStatistics, {"Username"}, true, 11)},
      {"getStatisticsUpdate",
       BuildGetStatisticsUpdateRequest(StatisticType::kCampaignState, 1295893918397, 5000,
                                       std::nullopt, 4)},
      {"getStatisticsUpdate/skills-flag-old-api",
       BuildGetStatisticsUpdateRequest(StatisticType::kAgentState, 0, 1, false, 9)},
      {"getCallCountersState", BuildGetCallCountersStateRequest()},
      {"getUserLimits", BuildGetUserLimitsRequest()},
      {"startCampaign", BuildStartCampaignRequest("Outbound & <Co>")},
      {"stopCampaign", BuildStopCampaignRequest("c")},
      {"forceStopCampaign", BuildForceStopCampaignRequest("c")},
      {"resetCampaign", BuildResetCampaignRequest("c")},
      {"resetCampaignDispositions/full",
       BuildResetCampaignDispositionsRequest("c", {"No Answer", "Busy"},
                                             std::string("2026-11-28T00:00:00Z"),
                                             std::string("2026-11-28T12:30:00.5-07:00"))},
      {"resetCampaignDispositions/min", BuildResetCampaignDispositionsRequest("c", {}, {}, {})},
      {"getDispositionsNames", BuildGetDispositionsNamesRequest()},
      {"createChatSession", BuildCreateChatSessionRequest()},
      {"closeChatSession", BuildCloseChatSessionRequest("chat-1")},
      {"sendMsgToChat", BuildSendMsgToChatRequest("chat-1", "hi \"there\" & <you>")},
      {"sendChatInvite", BuildSendChatInviteRequest("chat-1", agent)},
      {"sendChatInvite/no-role", BuildSendChatInviteRequest("chat-1", no_role)},
      {"acceptChatInvite", BuildAcceptChatInviteRequest("chat-1", false)},
      {"removeUserFromChat", BuildRemoveUserFromChatRequest("chat-1", agent)},
      {"sendBroadcastMessages", BuildSendBroadcastMessagesRequest("SPEC_SKILL", 42, "hello")},
      {"sendInfoMessage", BuildSendInfoMessageRequest(agent, "info")},
      {"receiveMessages", BuildReceiveMessagesRequest(20000, 500000)},
      {"loginStation/full", BuildLoginStationRequest(login_full)},
      {"loginStation/min", BuildLoginStationRequest(login_min)},
      {"reconnectStation", BuildReconnectStationRequest()},
      {"startMonitoring", BuildStartMonitoringRequest("AgentNumber1", "Silence")},
      {"stopMonitoring", BuildStopMonitoringRequest("AgentNumber1")},
      {"getMonitoringSupervisors", BuildGetMonitoringSupervisorsRequest("AgentNumber1")},
      {"getLoggedInUsers", BuildGetLoggedInUsersRequest()},
      {"getMyGroupIds", BuildGetMyGroupIdsRequest()},
      {"getMyPermissions", BuildGetMyPermissionsRequest()},
      {"getMySkillsIds", BuildGetMySkillsIdsRequest()},
  };
  for (StatisticType type : kAllStatisticTypes) {
    out.emplace_back("getColumnNames/" + std::string(ToWire(type)),
                     BuildGetColumnNamesRequest(type));
  }
  return out;
}

TEST(EnvelopeTest, EveryRequestValidatesAgainstTheWsdlSchema) {
  FIVE9_SKIP_WITHOUT_REFERENCE(kReferenceWsdl);
  auto requests = AllRequests();
  ASSERT_GE(requests.size(), 40u);
  for (const auto& [name, envelope] : requests) {
    auto valid = ValidateSoapPayload(envelope);
    EXPECT_TRUE(valid) << name << ": " << valid.error().message << "\n" << envelope;
  }
}

TEST(EnvelopeTest, CoversEveryOperationOfTheWsdl) {
  FIVE9_SKIP_WITHOUT_REFERENCE(kReferenceWsdl);
  // Operations are the wsdl:operation names of the portType.
  std::ifstream in(ReferencePath(kReferenceWsdl));
  std::stringstream text;
  text << in.rdbuf();
  auto wsdl = XmlDocument::Parse(text.str());
  ASSERT_TRUE(wsdl);
  std::set<std::string> operations;
  for (XmlElement port_type : wsdl->Root().Children("portType")) {
    for (XmlElement op : port_type.Children("operation")) {
      if (auto name = op.Attribute("name")) operations.insert(*name);
    }
  }
  EXPECT_EQ(operations.size(), 33u);
  std::set<std::string> built;
  for (const auto& [name, envelope] : AllRequests()) {
    Payload p = PayloadOf(envelope);
    built.emplace(p.element.LocalName());
  }
  for (const std::string& op : operations) EXPECT_TRUE(built.count(op)) << op << " not built";
}

TEST(EnvelopeTest, BodyElementIsQualifiedAndChildrenAreNot) {
  Payload p = PayloadOf(
      BuildGetStatisticsRequest(StatisticType::kAcdStatus, {"Skill Name"}, std::nullopt, 4));
  EXPECT_EQ(p.doc.Root().LocalName(), "Envelope");
  EXPECT_EQ(p.doc.Root().NamespaceUri(), kSoapEnvelopeNamespace);
  EXPECT_EQ(p.element.LocalName(), "getStatistics");
  EXPECT_EQ(p.element.NamespaceUri(), kFive9Namespace);
  for (XmlElement child : p.element.Elements()) EXPECT_EQ(child.NamespaceUri(), "");
  EXPECT_EQ(ChildNames(p.element), (std::vector<std::string>{"statisticType", "columnNames"}));
  EXPECT_EQ(p.element.ChildText("statisticType"), "ACDStatus");
}

TEST(EnvelopeTest, ViewSettingsInWsdlOrderAndRequiredFieldsAlwaysPresent) {
  Payload full = PayloadOf(BuildSetSessionParametersRequest(FullViewSettings()));
  XmlElement vs = full.element.Child("viewSettings");
  EXPECT_EQ(ChildNames(vs), (std::vector<std::string>{"appType", "forceLogoutSession",
                                                      "idleTimeOut", "rollingPeriod", "shiftStart",
                                                      "statisticsRange", "timeZone"}));
  EXPECT_EQ(vs.ChildText("timeZone"), "-25200000");
  EXPECT_EQ(vs.ChildText("forceLogoutSession"), "true");
  Payload min = PayloadOf(BuildSetSessionParametersRequest(ViewSettings{}));
  EXPECT_EQ(ChildNames(min.element.Child("viewSettings")),
            (std::vector<std::string>{"shiftStart", "timeZone"}));
}

TEST(EnvelopeTest, ShowOnlyMySkillsOnlyFromApiVersion12AndLast) {
  auto names = [](const std::string& envelope) { return ChildNames(PayloadOf(envelope).element); };
  EXPECT_EQ(names(BuildGetStatisticsRequest(StatisticType::kAgentState, {}, true, 11)),
            (std::vector<std::string>{"statisticType"}));
  EXPECT_EQ(names(BuildGetStatisticsRequest(StatisticType::kAgentState, {"Username"}, true, 12)),
            (std::vector<std::string>{"statisticType", "columnNames", "showOnlyMySkills"}));
  EXPECT_EQ(names(BuildGetStatisticsRequest(StatisticType::kAgentState, {}, std::nullopt, 12)),
            (std::vector<std::string>{"statisticType"}));
  Payload update =
      PayloadOf(BuildGetStatisticsUpdateRequest(StatisticType::kAgentState, 5, 10, false, 14));
  EXPECT_EQ(ChildNames(update.element),
            (std::vector<std::string>{"statisticType", "previousTimestamp", "longPollingTimeout",
                                      "showOnlyMySkills"}));
  EXPECT_EQ(update.element.ChildText("showOnlyMySkills"), "false");
  EXPECT_EQ(names(BuildGetStatisticsUpdateRequest(StatisticType::kAgentState, 5, 10, true, 4)),
            (std::vector<std::string>{"statisticType", "previousTimestamp", "longPollingTimeout"}));
}

TEST(EnvelopeTest, CallerTextIsEscapedAndRoundTrips) {
  const std::string hostile = "</text><ser:closeSession/>&amp; \"'<![CDATA[x]]>";
  const std::string envelope = BuildSendMsgToChatRequest("id&<>", hostile);
  EXPECT_EQ(envelope.find("<ser:closeSession/>"), std::string::npos);
  Payload p = PayloadOf(envelope);
  EXPECT_EQ(p.element.ChildText("text"), hostile);
  EXPECT_EQ(p.element.ChildText("chatId"), "id&<>");
  EXPECT_EQ(ChildNames(p.element), (std::vector<std::string>{"chatId", "text"}));
}

TEST(EnvelopeTest, RoledIdUserIdIsALong) {
  Payload p =
      PayloadOf(BuildSendInfoMessageRequest(RoledId{"DomainSupervisor", 9007199254740993}, "x"));
  XmlElement user = p.element.Child("user");
  EXPECT_EQ(ChildNames(user), (std::vector<std::string>{"role", "userId"}));
  EXPECT_EQ(user.ChildText("userId"), "9007199254740993");
  EXPECT_EQ(user.ChildText("role"), "DomainSupervisor");
}

TEST(EnvelopeTest, MonitoringModeIsSimpleContent) {
  Payload p = PayloadOf(BuildStartMonitoringRequest("a", "BargeIn"));
  XmlElement mode = p.element.Child("monitoringMode");
  EXPECT_TRUE(mode.Elements().empty());
  EXPECT_EQ(mode.Text(), "BargeIn");
}

TEST(EnvelopeTest, ResetCampaignDispositionsOrder) {
  Payload p = PayloadOf(BuildResetCampaignDispositionsRequest(
      "c", {"a", "b"}, std::string("2026-01-01T00:00:00Z"), std::nullopt));
  EXPECT_EQ(ChildNames(p.element),
            (std::vector<std::string>{"campaignName", "dispositions", "dispositions", "after"}));
}

TEST(EnvelopeTest, SchemaRejectsWhatTheWsdlForbids) {
  // The validator must be able to fail: out-of-order, missing required, bad enum, v12 flag.
  FIVE9_SKIP_WITHOUT_REFERENCE(kReferenceWsdl);
  auto control = ValidateSoapPayload(
      BuildGetStatisticsRequest(StatisticType::kAgentState, {}, std::nullopt, 12));
  ASSERT_TRUE(control) << control.error().message;
  const std::vector<std::string> bad = {
      WrapRequestEnvelope("getStatisticsUpdate",
                          "<previousTimestamp>1</previousTimestamp>"
                          "<statisticType>AgentState</statisticType>"
                          "<longPollingTimeout>1</longPollingTimeout>"),
      WrapRequestEnvelope("setSessionParameters",
                          "<viewSettings><shiftStart>0</shiftStart>"
                          "</viewSettings>"),
      WrapRequestEnvelope("getColumnNames", "<statisticType>Nope</statisticType>"),
      WrapRequestEnvelope("startMonitoring",
                          "<agentName>a</agentName><monitoringMode><value>Silence</value>"
                          "</monitoringMode>"),
      WrapRequestEnvelope("sendInfoMessage",
                          "<user><role>Agent</role><userId>Agent12</userId>"
                          "</user>"),
      BuildGetStatisticsRequest(StatisticType::kAgentState, {}, true, 12),
  };
  for (const std::string& envelope : bad) {
    EXPECT_FALSE(ValidateSoapPayload(envelope)) << envelope;
  }
}

}  // namespace
}  // namespace five9exp
