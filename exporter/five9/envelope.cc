#include "exporter/five9/envelope.h"

#include "exporter/five9/xml.h"

namespace five9exp {
namespace {

std::string BoolText(bool value) { return value ? "true" : "false"; }

// Writes a wsRoledId's children (role, userId) inside an element named `name`.
void WriteRoledId(XmlWriter& w, std::string_view name, const RoledId& id) {
  w.Open(name);
  if (!id.role.empty()) w.Element("role", id.role);
  w.Element("userId", std::to_string(id.user_id));
  w.Close(name);
}

// Writes the v12+ showOnlyMySkills flag, last in the sequence, when the server knows it.
void WriteShowOnlyMySkills(XmlWriter& w, std::optional<bool> value, int api_version) {
  if (value && api_version >= kShowOnlyMySkillsMinApiVersion) {
    w.Element("showOnlyMySkills", BoolText(*value));
  }
}

std::string Wrap(std::string_view operation, const XmlWriter& w) {
  return WrapRequestEnvelope(operation, w.str());
}

std::string NoArguments(std::string_view operation) { return WrapRequestEnvelope(operation, ""); }

std::string CampaignOnly(std::string_view operation, std::string_view campaign) {
  XmlWriter w;
  w.Element("campaignName", campaign);
  return Wrap(operation, w);
}

}  // namespace

std::string WrapRequestEnvelope(std::string_view operation, std::string_view body_children) {
  XmlWriter w;
  w.Raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  w.Open("soapenv:Envelope", {{"xmlns:soapenv", kSoapEnvelopeNamespace},
                              {"xmlns:ser", kFive9Namespace},
                              {"xmlns:xsi", kXsiNamespace}});
  w.EmptyElement("soapenv:Header");
  w.Open("soapenv:Body");
  const std::string element = "ser:" + std::string(operation);
  w.Open(element);
  w.Raw(body_children);
  w.Close(element);
  w.Close("soapenv:Body");
  w.Close("soapenv:Envelope");
  return w.Release();
}

std::string BuildSetSessionParametersRequest(const ViewSettings& s) {
  XmlWriter w;
  w.Open("viewSettings");
  if (s.app_type) w.Element("appType", *s.app_type);
  if (s.force_logout_session) w.Element("forceLogoutSession", BoolText(*s.force_logout_session));
  if (s.idle_timeout_s) w.Element("idleTimeOut", std::to_string(*s.idle_timeout_s));
  if (s.rolling_period) w.Element("rollingPeriod", *s.rolling_period);
  w.Element("shiftStart", std::to_string(s.shift_start_ms));
  if (s.statistics_range) w.Element("statisticsRange", *s.statistics_range);
  w.Element("timeZone", std::to_string(s.time_zone_ms));
  w.Close("viewSettings");
  return Wrap("setSessionParameters", w);
}

std::string BuildGetSessionParametersRequest() { return NoArguments("getSessionParameters"); }
std::string BuildCloseSessionRequest() { return NoArguments("closeSession"); }
std::string BuildGetApiVersionsRequest() { return NoArguments("getApiVersions"); }

std::string BuildGetColumnNamesRequest(StatisticType type) {
  XmlWriter w;
  w.Element("statisticType", ToWire(type));
  return Wrap("getColumnNames", w);
}

std::string BuildGetStatisticsRequest(StatisticType type, const std::vector<std::string>& columns,
                                      std::optional<bool> show_only_my_skills, int api_version) {
  XmlWriter w;
  w.Element("statisticType", ToWire(type));
  // No columnNames element at all means "every column".
  if (!columns.empty()) {
    w.Open("columnNames").Open("values");
    for (const std::string& column : columns) w.Element("data", column);
    w.Close("values").Close("columnNames");
  }
  WriteShowOnlyMySkills(w, show_only_my_skills, api_version);
  return Wrap("getStatistics", w);
}

std::string BuildGetStatisticsUpdateRequest(StatisticType type, int64_t previous_timestamp,
                                            int64_t long_polling_timeout_ms,
                                            std::optional<bool> show_only_my_skills,
                                            int api_version) {
  XmlWriter w;
  w.Element("statisticType", ToWire(type));
  w.Element("previousTimestamp", std::to_string(previous_timestamp));
  w.Element("longPollingTimeout", std::to_string(long_polling_timeout_ms));
  WriteShowOnlyMySkills(w, show_only_my_skills, api_version);
  return Wrap("getStatisticsUpdate", w);
}

std::string BuildGetCallCountersStateRequest() { return NoArguments("getCallCountersState"); }
std::string BuildGetUserLimitsRequest() { return NoArguments("getUserLimits"); }

std::string BuildStartCampaignRequest(std::string_view campaign) {
  return CampaignOnly("startCampaign", campaign);
}
std::string BuildStopCampaignRequest(std::string_view campaign) {
  return CampaignOnly("stopCampaign", campaign);
}
std::string BuildForceStopCampaignRequest(std::string_view campaign) {
  return CampaignOnly("forceStopCampaign", campaign);
}
std::string BuildResetCampaignRequest(std::string_view campaign) {
  return CampaignOnly("resetCampaign", campaign);
}

std::string BuildResetCampaignDispositionsRequest(std::string_view campaign,
                                                  const std::vector<std::string>& dispositions,
                                                  const std::optional<std::string>& after,
                                                  const std::optional<std::string>& before) {
  XmlWriter w;
  w.Element("campaignName", campaign);
  for (const std::string& disposition : dispositions) w.Element("dispositions", disposition);
  if (after) w.Element("after", *after);
  if (before) w.Element("before", *before);
  return Wrap("resetCampaignDispositions", w);
}

std::string BuildGetDispositionsNamesRequest() { return NoArguments("getDispositionsNames"); }

std::string BuildCreateChatSessionRequest() { return NoArguments("createChatSession"); }

std::string BuildCloseChatSessionRequest(std::string_view chat_id) {
  XmlWriter w;
  w.Element("chatId", chat_id);
  return Wrap("closeChatSession", w);
}

std::string BuildSendMsgToChatRequest(std::string_view chat_id, std::string_view text) {
  XmlWriter w;
  w.Element("chatId", chat_id).Element("text", text);
  return Wrap("sendMsgToChat", w);
}

std::string BuildSendChatInviteRequest(std::string_view chat_id, const RoledId& user) {
  XmlWriter w;
  w.Element("chatId", chat_id);
  WriteRoledId(w, "user", user);
  return Wrap("sendChatInvite", w);
}

std::string BuildAcceptChatInviteRequest(std::string_view chat_id, bool accepted) {
  XmlWriter w;
  w.Element("chatId", chat_id).Element("accepted", BoolText(accepted));
  return Wrap("acceptChatInvite", w);
}

std::string BuildRemoveUserFromChatRequest(std::string_view chat_id, const RoledId& user) {
  XmlWriter w;
  w.Element("chatId", chat_id);
  WriteRoledId(w, "user", user);
  return Wrap("removeUserFromChat", w);
}

std::string BuildSendBroadcastMessagesRequest(std::string_view type, int64_t spec_id,
                                              std::string_view text) {
  XmlWriter w;
  w.Element("type", type).Element("specId", std::to_string(spec_id)).Element("text", text);
  return Wrap("sendBroadcastMessages", w);
}

std::string BuildSendInfoMessageRequest(const RoledId& user, std::string_view text) {
  XmlWriter w;
  WriteRoledId(w, "user", user);
  w.Element("text", text);
  return Wrap("sendInfoMessage", w);
}

std::string BuildReceiveMessagesRequest(int64_t previous_timestamp,
                                        int64_t long_polling_timeout_ms) {
  XmlWriter w;
  w.Element("previousTimestamp", std::to_string(previous_timestamp));
  w.Element("longPollingTimeout", std::to_string(long_polling_timeout_ms));
  return Wrap("receiveMessages", w);
}

std::string BuildLoginStationRequest(const LoginStationRequest& r) {
  XmlWriter w;
  if (r.station_name) w.Element("stationName", *r.station_name);
  w.Element("forceLogoutSession", BoolText(r.force_logout_session));
  if (r.app_type) w.Element("appType", *r.app_type);
  if (r.idle_timeout_s) w.Element("idleTimeOut", std::to_string(*r.idle_timeout_s));
  return Wrap("loginStation", w);
}

std::string BuildReconnectStationRequest() { return NoArguments("reconnectStation"); }

std::string BuildStartMonitoringRequest(std::string_view agent, std::string_view mode) {
  XmlWriter w;
  w.Element("agentName", agent).Element("monitoringMode", mode);
  return Wrap("startMonitoring", w);
}

std::string BuildStopMonitoringRequest(std::string_view agent) {
  XmlWriter w;
  w.Element("agentName", agent);
  return Wrap("stopMonitoring", w);
}

std::string BuildGetMonitoringSupervisorsRequest(std::string_view agent) {
  XmlWriter w;
  w.Element("agentName", agent);
  return Wrap("getMonitoringSupervisors", w);
}

std::string BuildGetLoggedInUsersRequest() { return NoArguments("getLoggedInUsers"); }
std::string BuildGetMyGroupIdsRequest() { return NoArguments("getMyGroupIds"); }
std::string BuildGetMyPermissionsRequest() { return NoArguments("getMyPermissions"); }
std::string BuildGetMySkillsIdsRequest() { return NoArguments("getMySkillsIds"); }

}  // namespace five9exp
