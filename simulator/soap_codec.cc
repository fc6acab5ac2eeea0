#include "simulator/soap_codec.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "exporter/common/strings.h"

namespace five9sim {
namespace {

using five9exp::XmlElement;
using five9exp::XmlWriter;

// Every fault element of the WSDL with its fields in sequence order ("message" included).
const std::map<std::string, std::vector<std::string_view>, std::less<>>& FaultTable() {
  static const auto* table = new std::map<std::string, std::vector<std::string_view>, std::less<>>{
      {"AccessDisallowedFault", {"message"}},
      {"AgentMonitorFault", {"agentName", "message", "monitorError"}},
      {"AgentNotFoundFault", {"agentName", "message"}},
      {"CampaignNotFoundFault", {"campaignName", "message"}},
      {"CampaignStateUpdateFault", {"campaignName", "details", "message"}},
      {"ChatFault", {"message"}},
      {"ConcurrentModificationFault", {"message"}},
      {"ConfigurationChangedFault", {"message"}},
      {"DispositionNotFoundFault", {"dispositionName", "message"}},
      {"IncorrectArgumentFault", {"message"}},
      {"InvalidAccountFault", {"message"}},
      {"MissedArgumentFault", {"message"}},
      {"OperationsLimitExceededFault", {"limit", "message", "operationType"}},
      {"ReconnectStationFault", {"message", "problem", "stationName"}},
      {"ServerFault", {"message"}},
      {"ServiceUnavailableFault", {"message"}},
      {"SessionClosedFault", {"message"}},
      {"SessionNotInitializedFault", {"message"}},
      {"StationNotFoundFault", {"message", "stationName"}},
      {"StationNotLoggedInFault", {"message"}},
      {"StatisticsNotRequestedFault", {"message"}},
      {"UnknownColumnFault", {"message"}},
      {"UnknownTimestampFault", {"message"}},
      {"UserAlreadyLoggedInFault", {"message"}},
      {"UserLimitReachedFault", {"message"}},
      {"WrongCampaignStateFault", {"actualState", "campaignName", "desiredState", "message"}},
      {"WrongCampaignTypeFault", {"actualType", "campaignName", "desiredTypes", "message"}},
  };
  return *table;
}

void WriteCell(XmlWriter& w, std::string_view name, const five9exp::CellValue& value) {
  if (value) {
    w.Element(name, *value);
  } else {
    w.NilElement(name);
  }
}

std::string OpenEnvelope() {
  return std::string(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<env:Header/><env:Body>");
}

}  // namespace

five9exp::Result<SoapRequest> ParseSoapRequest(std::string_view body, size_t max_bytes) {
  auto doc = five9exp::XmlDocument::Parse(body, max_bytes);
  if (!doc) return tl::unexpected(doc.error());
  XmlElement root = doc->Root();
  if (!root || root.LocalName() != "Envelope" || root.NamespaceUri() != kSoapEnvNs) {
    return five9exp::MakeError(five9exp::ErrorCode::kInvalidArgument, "not a SOAP 1.1 envelope");
  }
  XmlElement soap_body = root.Child("Body");
  if (!soap_body) return five9exp::MakeError(five9exp::ErrorCode::kInvalidArgument, "no SOAP Body");
  auto elements = soap_body.Elements();
  if (elements.size() != 1) {
    return five9exp::MakeError(five9exp::ErrorCode::kInvalidArgument,
                               "the SOAP Body must hold exactly one element");
  }
  XmlElement payload = elements.front();
  if (payload.NamespaceUri() != kFive9Ns) {
    return five9exp::MakeError(five9exp::ErrorCode::kInvalidArgument,
                               "payload is not in the Five9 supervisor namespace");
  }
  SoapRequest request{std::string(payload.LocalName()), std::move(*doc), payload};
  return request;
}

bool IsWsdlFault(std::string_view name) { return FaultTable().contains(name); }

std::vector<std::string> WsdlFaultNames() {
  std::vector<std::string> names;
  for (const auto& [name, fields] : FaultTable()) names.push_back(name);
  return names;
}

std::vector<std::string_view> FaultFields(std::string_view name) {
  std::vector<std::string_view> out;
  auto it = FaultTable().find(name);
  if (it == FaultTable().end()) return out;
  for (std::string_view f : it->second) {
    if (f != "message") out.push_back(f);
  }
  return out;
}

ModelFault MakeFault(std::string name, std::string message) {
  return ModelFault{std::move(name), {}, std::move(message)};
}

std::string ResponseEnvelope(std::string_view operation, std::string_view children) {
  std::string out = OpenEnvelope();
  out += "<ns2:";
  out += operation;
  out +=
      "Response xmlns:ns2=\"http://service.supervisor.ws.five9.com/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
  out += children;
  out += "</ns2:";
  out += operation;
  out += "Response></env:Body></env:Envelope>";
  return out;
}

std::string FaultEnvelope(const ModelFault& fault) {
  const bool known = IsWsdlFault(fault.name);
  const std::string name = known ? fault.name : "ServerFault";
  const std::string message = fault.message.empty() ? name : fault.message;
  XmlWriter w;
  w.Raw(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>");
  w.Open("soap:Fault");
  w.Element("faultcode", "soap:Server");
  w.Element("faultstring", message);
  w.Open("detail");
  w.Open("ns2:" + name, {{"xmlns:ns2", kFive9Ns}});
  for (std::string_view field : FaultTable().at(name)) {
    if (field == "message") {
      w.Element("message", message);
      continue;
    }
    if (!known) continue;
    for (const auto& [key, value] : fault.fields) {
      if (key == field) w.Element(field, value);
    }
  }
  w.Close("ns2:" + name);
  w.Close("detail");
  w.Close("soap:Fault");
  w.Raw("</soap:Body></soap:Envelope>");
  return w.Release();
}

std::string ClientFaultEnvelope(std::string_view faultstring) {
  XmlWriter w;
  w.Raw(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>");
  w.Open("soap:Fault");
  w.Element("faultcode", "soap:Client");
  w.Element("faultstring", faultstring);
  w.Close("soap:Fault");
  w.Raw("</soap:Body></soap:Envelope>");
  return w.Release();
}

void WriteRow(XmlWriter& w, std::string_view name, const std::vector<five9exp::CellValue>& values) {
  w.Open(name);
  w.Open("values");
  for (const auto& v : values) WriteCell(w, "data", v);
  w.Close("values");
  w.Close(name);
}

namespace {
void WriteStringRow(XmlWriter& w, std::string_view name, const std::vector<std::string>& values) {
  w.Open(name);
  w.Open("values");
  for (const auto& v : values) w.Element("data", v);
  w.Close("values");
  w.Close(name);
}
}  // namespace

void WriteStatistics(XmlWriter& w, const five9exp::Statistics& stats) {
  // statistics: columns, rows*, timestamp, type
  w.Open("return");
  WriteStringRow(w, "columns", stats.columns);
  for (const auto& row : stats.rows) WriteRow(w, "rows", row);
  w.Element("timestamp", std::to_string(stats.timestamp));
  w.Element("type", five9exp::ToWire(stats.type));
  w.Close("return");
}

void WriteStatisticsUpdate(XmlWriter& w, const five9exp::StatisticsUpdate& update) {
  // statisticsUpdate: addedObjects?, dataUpdate*, deletedObjects?, lastTimestamp,
  // previousTimestamp, type
  w.Open("return");
  if (!update.added_objects.empty()) WriteStringRow(w, "addedObjects", update.added_objects);
  for (const auto& item : update.data_update) {
    // itemUpdate: columnName, columnValue (nillable), objectName
    w.Open("dataUpdate");
    w.Element("columnName", item.column_name);
    WriteCell(w, "columnValue", item.column_value);
    w.Element("objectName", item.object_name);
    w.Close("dataUpdate");
  }
  if (!update.deleted_objects.empty()) WriteStringRow(w, "deletedObjects", update.deleted_objects);
  w.Element("lastTimestamp", std::to_string(update.last_timestamp));
  w.Element("previousTimestamp", std::to_string(update.previous_timestamp));
  w.Element("type", five9exp::ToWire(update.type));
  w.Close("return");
}

void WriteLimitStates(XmlWriter& w, const std::vector<five9exp::LimitTimeoutState>& states) {
  for (const auto& state : states) {
    // limitTimeoutState: callCounterStates*, timeout; callCounterState: limit, operationType, value
    w.Open("return");
    for (const auto& c : state.call_counter_states) {
      w.Open("callCounterStates");
      w.Element("limit", std::to_string(c.limit));
      w.Element("operationType", c.operation_type);
      w.Element("value", std::to_string(c.value));
      w.Close("callCounterStates");
    }
    w.Element("timeout", std::to_string(state.timeout_s));
    w.Close("return");
  }
}

void WriteViewSettings(XmlWriter& w, std::string_view name, const five9exp::ViewSettings& s) {
  // viewSettings: appType?, forceLogoutSession?, idleTimeOut?, rollingPeriod?, shiftStart,
  // statisticsRange?, timeZone
  w.Open(name);
  if (s.app_type) w.Element("appType", *s.app_type);
  if (s.force_logout_session)
    w.Element("forceLogoutSession", *s.force_logout_session ? "true" : "false");
  if (s.idle_timeout_s) w.Element("idleTimeOut", std::to_string(*s.idle_timeout_s));
  if (s.rolling_period) w.Element("rollingPeriod", *s.rolling_period);
  w.Element("shiftStart", std::to_string(s.shift_start_ms));
  if (s.statistics_range) w.Element("statisticsRange", *s.statistics_range);
  w.Element("timeZone", std::to_string(s.time_zone_ms));
  w.Close(name);
}

void WriteRoledId(XmlWriter& w, std::string_view name, const five9exp::RoledId& id) {
  // wsRoledId: role?, userId
  w.Open(name);
  if (!id.role.empty()) w.Element("role", id.role);
  w.Element("userId", std::to_string(id.user_id));
  w.Close(name);
}

void WriteChatMessages(XmlWriter& w, const five9exp::ChatMessages& messages) {
  // wsChatMessages: messages*, timestamp; wsChatMessage: chatId?, from?, participants*, text?,
  // timestamp?, type?
  w.Open("return");
  for (const auto& m : messages.messages) {
    w.Open("messages");
    w.Element("chatId", m.chat_id);
    if (m.from) WriteRoledId(w, "from", *m.from);
    for (const auto& p : m.participants) WriteRoledId(w, "participants", p);
    w.Element("text", m.text);
    if (m.timestamp) w.Element("timestamp", std::to_string(*m.timestamp));
    if (!m.type.empty()) w.Element("type", m.type);
    w.Close("messages");
  }
  w.Element("timestamp", std::to_string(messages.timestamp));
  w.Close("return");
}

void WriteStationParameters(XmlWriter& w, const five9exp::StationParameters& s) {
  // stationParameters: backupProxy?, codecParameters?, name?, password?, proxy?
  w.Open("return");
  w.Element("backupProxy", s.backup_proxy);
  if (s.codec_parameters) {
    const auto& c = *s.codec_parameters;
    w.Open("codecParameters");
    for (const auto& codec : c.codecs) w.Element("codecs", codec);
    for (const auto& suite : c.crypto_suites) w.Element("cryptoSuites", suite);
    w.Element("disableNAT", c.disable_nat ? "true" : "false");
    w.Element("noSilenceSuppression", c.no_silence_suppression ? "true" : "false");
    w.Element("ptime", std::to_string(c.ptime));
    w.Element("rfc2833pType", std::to_string(c.rfc2833p_type));
    w.Element("useSRTP", c.use_srtp ? "true" : "false");
    w.Close("codecParameters");
  }
  w.Element("name", s.name);
  w.Element("password", s.password);
  w.Element("proxy", s.proxy);
  w.Close("return");
}

ModelResult<five9exp::StatisticType> ReadStatisticType(XmlElement payload) {
  auto text = payload.ChildText("statisticType");
  if (!text) return tl::unexpected(MakeFault("MissedArgumentFault", "statisticType is required"));
  auto type = five9exp::StatisticTypeFromWire(*text);
  if (!type) {
    return tl::unexpected(MakeFault("IncorrectArgumentFault", "unknown statisticType: " + *text));
  }
  return *type;
}

ModelResult<int64_t> ReadLong(XmlElement payload, std::string_view name) {
  auto text = payload.ChildText(name);
  if (!text) {
    return tl::unexpected(MakeFault("MissedArgumentFault", std::string(name) + " is required"));
  }
  int64_t value = 0;
  const std::string_view digits = five9exp::TrimAsciiSpace(*text);
  const char* begin = digits.data();
  const char* end = begin + digits.size();
  if (begin < end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr == begin) {
    return tl::unexpected(
        MakeFault("IncorrectArgumentFault", std::string(name) + " is not a number"));
  }
  return value;
}

ModelResult<std::string> ReadString(XmlElement payload, std::string_view name) {
  auto text = payload.ChildText(name);
  if (!text || text->empty()) {
    return tl::unexpected(MakeFault("MissedArgumentFault", std::string(name) + " is required"));
  }
  return *text;
}

ModelResult<bool> ReadBool(XmlElement payload, std::string_view name) {
  auto text = payload.ChildText(name);
  if (!text) {
    return tl::unexpected(MakeFault("MissedArgumentFault", std::string(name) + " is required"));
  }
  if (*text == "true" || *text == "1") return true;
  if (*text == "false" || *text == "0") return false;
  return tl::unexpected(
      MakeFault("IncorrectArgumentFault", std::string(name) + " is not a boolean"));
}

std::vector<std::string> ReadColumnNames(XmlElement payload) {
  std::vector<std::string> out;
  XmlElement values = payload.Child("columnNames").Child("values");
  for (XmlElement data : values.Children("data")) {
    if (!data.IsNil()) out.push_back(data.Text());
  }
  return out;
}

ModelResult<five9exp::ViewSettings> ReadViewSettings(XmlElement payload) {
  XmlElement vs = payload.Child("viewSettings");
  if (!vs) return tl::unexpected(MakeFault("MissedArgumentFault", "viewSettings is required"));
  five9exp::ViewSettings s;
  s.app_type = vs.ChildText("appType");
  if (auto f = vs.ChildText("forceLogoutSession"))
    s.force_logout_session = (*f == "true" || *f == "1");
  if (vs.Child("idleTimeOut")) {
    auto idle = ReadLong(vs, "idleTimeOut");
    if (!idle) return tl::unexpected(idle.error());
    if (*idle < 60 || *idle > 1800) {
      return tl::unexpected(
          MakeFault("IncorrectArgumentFault", "idleTimeOut must be 60..1800 seconds"));
    }
    s.idle_timeout_s = static_cast<int32_t>(*idle);
  }
  s.rolling_period = vs.ChildText("rollingPeriod");
  s.statistics_range = vs.ChildText("statisticsRange");
  auto shift = ReadLong(vs, "shiftStart");
  if (!shift) return tl::unexpected(shift.error());
  auto tz = ReadLong(vs, "timeZone");
  if (!tz) return tl::unexpected(tz.error());
  s.shift_start_ms = static_cast<int32_t>(*shift);
  s.time_zone_ms = static_cast<int32_t>(*tz);
  static constexpr std::string_view kPeriods[] = {"Minutes5", "Minutes10", "Minutes15", "Minutes30",
                                                  "Hour1",    "Hours2",    "Hours3",    "Today"};
  static constexpr std::string_view kRanges[] = {"RollingHour",  "CurrentDay", "CurrentWeek",
                                                 "CurrentMonth", "Lifetime",   "CurrentShift"};
  if (s.rolling_period && std::find(std::begin(kPeriods), std::end(kPeriods), *s.rolling_period) ==
                              std::end(kPeriods)) {
    return tl::unexpected(MakeFault("IncorrectArgumentFault", "unknown rollingPeriod"));
  }
  if (s.statistics_range &&
      std::find(std::begin(kRanges), std::end(kRanges), *s.statistics_range) == std::end(kRanges)) {
    return tl::unexpected(MakeFault("IncorrectArgumentFault", "unknown statisticsRange"));
  }
  return s;
}

ModelResult<five9exp::RoledId> ReadRoledId(XmlElement payload, std::string_view name) {
  XmlElement user = payload.Child(name);
  if (!user) {
    return tl::unexpected(MakeFault("MissedArgumentFault", std::string(name) + " is required"));
  }
  five9exp::RoledId id;
  id.role = user.ChildText("role").value_or("");
  auto user_id = ReadLong(user, "userId");
  if (!user_id) return tl::unexpected(user_id.error());
  id.user_id = *user_id;
  return id;
}

}  // namespace five9sim
