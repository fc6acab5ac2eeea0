#include "exporter/five9/response_parser.h"

#include <charconv>
#include <map>

#include "exporter/common/strings.h"
#include "exporter/five9/envelope.h"
#include "exporter/five9/statistics_update_stream.h"
#include "exporter/five9/wire_values.h"

namespace five9exp {
namespace {

bool IsSuccess(int status) { return status >= 200 && status < 300; }

tl::unexpected<Error> Malformed(std::string_view operation, std::string_view what) {
  return MakeError(ErrorCode::kMalformedResponse,
                   std::string(operation) + " response: " + std::string(what));
}

tl::unexpected<Error> HttpStatusError(int status, std::string_view operation,
                                      std::string_view why) {
  Error error{ErrorCode::kHttpStatus, "HTTP " + std::to_string(status) + " from Five9 for " +
                                          std::string(operation) + " (" + std::string(why) + ")"};
  error.http_status = status;
  return tl::unexpected<Error>(std::move(error));
}

std::optional<bool> ToBool(std::string_view text) {
  text = TrimAsciiSpace(text);
  // xs:boolean is true/false/1/0; the guide's examples also write yes/no.
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return std::nullopt;
}

// Reads child elements of one parent, remembering the first problem so parsers
// stay linear; the caller turns `error` into kMalformedResponse.
class Reader {
 public:
  Reader(XmlElement element, std::string* error) : element_(element), error_(error) {}

  std::string String(std::string_view name) const { return element_.ChildText(name).value_or(""); }
  std::optional<std::string> OptionalString(std::string_view name) const {
    return element_.ChildText(name);
  }
  int64_t Long(std::string_view name) const {
    std::optional<std::string> text = element_.ChildText(name);
    if (!text) return Fail(name, "is missing"), 0;
    std::optional<int64_t> value = WireInt64(*text);
    if (!value) return Fail(name, "is not an integer"), 0;
    return *value;
  }
  std::optional<int64_t> OptionalLong(std::string_view name) const {
    std::optional<std::string> text = element_.ChildText(name);
    if (!text) return std::nullopt;
    std::optional<int64_t> value = WireInt64(*text);
    if (!value) Fail(name, "is not an integer");
    return value;
  }
  int32_t Int(std::string_view name) const {
    int64_t value = Long(name);
    if (value < INT32_MIN || value > INT32_MAX) return Fail(name, "is out of range"), 0;
    return static_cast<int32_t>(value);
  }
  std::optional<int32_t> OptionalInt(std::string_view name) const {
    std::optional<int64_t> value = OptionalLong(name);
    if (!value) return std::nullopt;
    if (*value < INT32_MIN || *value > INT32_MAX)
      return Fail(name, "is out of range"), std::nullopt;
    return static_cast<int32_t>(*value);
  }
  bool Bool(std::string_view name) const {
    std::optional<std::string> text = element_.ChildText(name);
    if (!text) return Fail(name, "is missing"), false;
    return ParseBool(name, *text).value_or(false);
  }
  std::optional<bool> OptionalBool(std::string_view name) const {
    std::optional<std::string> text = element_.ChildText(name);
    if (!text) return std::nullopt;
    return ParseBool(name, *text);
  }

 private:
  std::optional<bool> ParseBool(std::string_view name, std::string_view text) const {
    std::optional<bool> value = ToBool(text);
    if (!value) Fail(name, "is not a boolean");
    return value;
  }
  void Fail(std::string_view name, std::string_view what) const {
    if (error_->empty())
      *error_ =
          std::string(element_.LocalName()) + "/" + std::string(name) + " " + std::string(what);
  }

  XmlElement element_;
  std::string* error_;
};

// row: values/data*, each data nillable.
std::vector<CellValue> ReadRow(XmlElement row) {
  std::vector<CellValue> out;
  for (XmlElement data : row.Child("values").Children("data")) {
    if (data.IsNil()) {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(data.Text());
    }
  }
  return out;
}

// A row used as a list of names (columns, added/deleted objects): nil entries dropped.
std::vector<std::string> ReadNames(XmlElement row) {
  std::vector<std::string> out;
  for (CellValue& value : ReadRow(row)) {
    if (value) out.push_back(std::move(*value));
  }
  return out;
}

std::optional<StatisticType> ReadType(XmlElement parent, StatisticType fallback,
                                      std::string* error) {
  std::optional<std::string> text = parent.ChildText("type");
  if (!text) return fallback;
  std::optional<StatisticType> type = StatisticTypeFromWire(TrimAsciiSpace(*text));
  if (!type && error->empty()) *error = "unknown statisticType '" + *text + "'";
  return type;
}

// wsRoledId. The guide's example nests the role as <role><userRole>Agent</userRole></role>
// and writes names as userId; both are accepted.
RoledId ReadRoledId(XmlElement element) {
  RoledId id;
  XmlElement role = element.Child("role");
  if (XmlElement nested = role.Child("userRole")) {
    id.role = std::string(TrimAsciiSpace(nested.Text()));
  } else if (role && !role.IsNil()) {
    id.role = std::string(TrimAsciiSpace(role.Text()));
  }
  if (std::optional<std::string> user = element.ChildText("userId")) {
    if (std::optional<int64_t> number = WireInt64(*user)) {
      id.user_id = *number;
    } else {
      id.raw_user_id = std::string(TrimAsciiSpace(*user));
    }
  }
  return id;
}

Error FaultError(XmlElement fault, int status, std::string_view operation) {
  Error error;
  error.code = ErrorCode::kFault;
  error.http_status = status;
  std::string faultstring = fault.ChildText("faultstring").value_or("");
  XmlElement detail;
  for (XmlElement child : fault.Child("detail").Elements()) {
    detail = child;
    break;
  }
  if (detail) {
    error.fault.name = std::string(detail.LocalName());
    for (XmlElement field : detail.Elements()) {
      if (field.IsNil()) continue;
      std::string key(field.LocalName());
      std::string text = field.Text();
      auto [it, inserted] = error.fault.fields.emplace(key, text);
      if (!inserted) it->second += "," + text;
    }
  }
  error.message = "Five9 fault on " + std::string(operation);
  if (!error.fault.name.empty()) error.message += " (" + error.fault.name + ")";
  if (!faultstring.empty()) error.message += ": " + faultstring;
  return error;
}

// Parses and returns the <return> children of the response of `operation`.
template <typename T, typename Fn>
Result<std::vector<T>> ParseList(const SoapHttpResponse& response, std::string_view operation,
                                 Fn read) {
  auto payload = ParseSoapResponse(response, operation);
  if (!payload) return tl::unexpected(payload.error());
  std::vector<T> out;
  std::string error;
  for (XmlElement item : payload->response.Children("return")) {
    if (item.IsNil()) continue;
    out.push_back(read(item, &error));
  }
  if (!error.empty()) return Malformed(operation, error);
  return out;
}

// Parses the single <return> of `operation`; missing `return` is malformed.
template <typename T, typename Fn>
Result<T> ParseSingle(const SoapHttpResponse& response, std::string_view operation, Fn read) {
  auto payload = ParseSoapResponse(response, operation);
  if (!payload) return tl::unexpected(payload.error());
  XmlElement item = payload->response.Child("return");
  if (!item || item.IsNil()) return Malformed(operation, "no return element");
  std::string error;
  T value = read(item, &error);
  if (!error.empty()) return Malformed(operation, error);
  return value;
}

IdName ReadIdName(XmlElement e, std::string* error) {
  Reader r(e, error);
  return IdName{r.Long("id"), r.String("name")};
}

}  // namespace

Result<SoapPayload> ParseSoapResponse(const SoapHttpResponse& response, std::string_view operation,
                                      size_t max_bytes) {
  const bool success = IsSuccess(response.status);
  auto document = XmlDocument::Parse(response.body, max_bytes);
  if (!document) {
    if (!success) return HttpStatusError(response.status, operation, "body is not a SOAP fault");
    Error error = document.error();
    error.message = std::string(operation) + " response: " + error.message;
    return tl::unexpected(std::move(error));
  }
  XmlElement root = document->Root();
  if (root.LocalName() != "Envelope" || root.NamespaceUri() != kSoapEnvelopeNamespace) {
    if (!success) return HttpStatusError(response.status, operation, "body is not a SOAP envelope");
    return Malformed(operation, "not a SOAP 1.1 envelope (root element '" +
                                    std::string(root.LocalName()) + "')");
  }
  XmlElement body = root.Child("Body");
  if (!body || body.NamespaceUri() != kSoapEnvelopeNamespace) {
    if (!success) return HttpStatusError(response.status, operation, "SOAP envelope without Body");
    return Malformed(operation, "SOAP envelope without Body");
  }
  XmlElement payload;
  for (XmlElement child : body.Elements()) {
    payload = child;
    break;
  }
  if (payload && payload.LocalName() == "Fault" &&
      payload.NamespaceUri() == kSoapEnvelopeNamespace) {
    return tl::unexpected(FaultError(payload, response.status, operation));
  }
  if (!success) return HttpStatusError(response.status, operation, "no SOAP fault in the body");
  const std::string expected = std::string(operation) + "Response";
  if (!payload) return Malformed(operation, "empty SOAP Body");
  if (payload.LocalName() != expected) {
    return Malformed(operation,
                     "expected " + expected + ", got " + std::string(payload.LocalName()));
  }
  if (payload.NamespaceUri() != kFive9Namespace) {
    return Malformed(operation, expected + " is not in the Five9 namespace");
  }
  return SoapPayload{std::move(*document), payload};
}

Result<void> ParseEmptyResponse(const SoapHttpResponse& response, std::string_view operation) {
  auto payload = ParseSoapResponse(response, operation);
  if (!payload) return tl::unexpected(payload.error());
  return {};
}

Result<ViewSettings> ParseGetSessionParametersResponse(const SoapHttpResponse& response) {
  return ParseSingle<ViewSettings>(response, "getSessionParameters",
                                   [](XmlElement e, std::string* error) {
                                     // Tolerate the extra <viewSettings> wrapper of the guide's
                                     // examples.
                                     if (XmlElement inner = e.Child("viewSettings")) e = inner;
                                     Reader r(e, error);
                                     ViewSettings s;
                                     s.app_type = r.OptionalString("appType");
                                     s.force_logout_session = r.OptionalBool("forceLogoutSession");
                                     s.idle_timeout_s = r.OptionalInt("idleTimeOut");
                                     s.rolling_period = r.OptionalString("rollingPeriod");
                                     s.shift_start_ms = r.Int("shiftStart");
                                     s.statistics_range = r.OptionalString("statisticsRange");
                                     s.time_zone_ms = r.Int("timeZone");
                                     return s;
                                   });
}

Result<ApiVersions> ParseGetApiVersionsResponse(const SoapHttpResponse& response) {
  return ParseSingle<ApiVersions>(response, "getApiVersions", [](XmlElement e, std::string* error) {
    Reader r(e, error);
    return ApiVersions{r.String("minVersion"), r.String("maxVersion")};
  });
}

Result<std::vector<std::string>> ParseGetColumnNamesResponse(const SoapHttpResponse& response) {
  auto payload = ParseSoapResponse(response, "getColumnNames");
  if (!payload) return tl::unexpected(payload.error());
  return ReadNames(payload->response.Child("return"));
}

Result<Statistics> ParseGetStatisticsResponse(const SoapHttpResponse& response,
                                              StatisticType requested) {
  return ParseSingle<Statistics>(
      response, "getStatistics", [requested](XmlElement e, std::string* error) {
        Statistics s;
        s.columns = ReadNames(e.Child("columns"));
        for (XmlElement row : e.Children("rows")) {
          if (row.IsNil()) continue;  // a nil row carries no object
          s.rows.push_back(ReadRow(row));
          // Cells are matched to columns by position: a row of
          // another width would put values under the wrong
          // column names, so the answer is refused whole.
          if (s.rows.back().size() != s.columns.size() && error->empty()) {
            *error = "row " + std::to_string(s.rows.size()) + " has " +
                     std::to_string(s.rows.back().size()) + " values for " +
                     std::to_string(s.columns.size()) + " columns";
          }
        }
        s.timestamp = Reader(e, error).Long("timestamp");
        s.type = ReadType(e, requested, error).value_or(requested);
        return s;
      });
}

Result<std::optional<StatisticsUpdate>> ParseGetStatisticsUpdateResponseDom(
    const SoapHttpResponse& response, StatisticType requested) {
  constexpr std::string_view kOperation = "getStatisticsUpdate";
  auto payload = ParseSoapResponse(response, kOperation);
  if (!payload) return tl::unexpected(payload.error());
  XmlElement e = payload->response.Child("return");
  if (!e || e.IsNil()) return std::optional<StatisticsUpdate>();
  std::string error;
  StatisticsUpdate u;
  u.added_objects = ReadNames(e.Child("addedObjects"));
  for (XmlElement item : e.Children("dataUpdate")) {
    ItemUpdate update;
    update.object_name = item.ChildText("objectName").value_or("");
    update.column_name = item.ChildText("columnName").value_or("");
    XmlElement value = item.Child("columnValue");
    // An absent columnValue is treated like nil: the cell has no value.
    if (value && !value.IsNil()) update.column_value = value.Text();
    u.data_update.push_back(std::move(update));
  }
  u.deleted_objects = ReadNames(e.Child("deletedObjects"));
  Reader r(e, &error);
  u.last_timestamp = r.Long("lastTimestamp");
  u.previous_timestamp = r.Long("previousTimestamp");
  u.type = ReadType(e, requested, &error).value_or(requested);
  if (!error.empty()) return Malformed(kOperation, error);
  return std::optional<StatisticsUpdate>(std::move(u));
}

Result<std::optional<StatisticsUpdate>> ParseGetStatisticsUpdateResponse(
    const SoapHttpResponse& response, StatisticType requested) {
  // The streaming pass covers the ordinary answer (a large delta costs about a third of a
  // DOM parse less); everything else goes through the DOM parser, which stays the reference.
  StreamedUpdate streamed = ParseGetStatisticsUpdateResponseStreaming(response, requested);
  if (streamed.handled()) return std::move(streamed).Answer();
  return ParseGetStatisticsUpdateResponseDom(response, requested);
}

Result<std::vector<LimitTimeoutState>> ParseGetCallCountersStateResponse(
    const SoapHttpResponse& response) {
  return ParseList<LimitTimeoutState>(
      response, "getCallCountersState", [](XmlElement e, std::string* error) {
        LimitTimeoutState state;
        for (XmlElement counter : e.Children("callCounterStates")) {
          if (counter.IsNil()) continue;
          Reader r(counter, error);
          state.call_counter_states.push_back(
              CallCounterState{r.String("operationType"), r.Long("limit"), r.Long("value")});
        }
        state.timeout_s = Reader(e, error).Long("timeout");
        return state;
      });
}

Result<UserLimits> ParseGetUserLimitsResponse(const SoapHttpResponse& response) {
  return ParseSingle<UserLimits>(response, "getUserLimits", [](XmlElement e, std::string* error) {
    Reader r(e, error);
    return UserLimits{r.Int("mobileLimit"), r.Int("mobileLoggedin"), r.Int("supervisorLimit"),
                      r.Int("supervisorsLoggedin")};
  });
}

Result<std::vector<std::string>> ParseGetDispositionsNamesResponse(
    const SoapHttpResponse& response) {
  return ParseList<std::string>(response, "getDispositionsNames",
                                [](XmlElement e, std::string*) { return e.Text(); });
}

Result<std::string> ParseCreateChatSessionResponse(const SoapHttpResponse& response) {
  return ParseSingle<std::string>(response, "createChatSession",
                                  [](XmlElement e, std::string*) { return e.Text(); });
}

Result<std::optional<ChatMessages>> ParseReceiveMessagesResponse(const SoapHttpResponse& response) {
  constexpr std::string_view kOperation = "receiveMessages";
  auto payload = ParseSoapResponse(response, kOperation);
  if (!payload) return tl::unexpected(payload.error());
  XmlElement e = payload->response.Child("return");
  if (!e || e.IsNil()) return std::optional<ChatMessages>();
  std::string error;
  ChatMessages out;
  for (XmlElement m : e.Children("messages")) {
    if (m.IsNil()) continue;
    Reader r(m, &error);
    ChatMessage message;
    message.chat_id = r.String("chatId");
    if (XmlElement from = m.Child("from"); from && !from.IsNil()) message.from = ReadRoledId(from);
    for (XmlElement p : m.Children("participants")) {
      if (!p.IsNil()) message.participants.push_back(ReadRoledId(p));
    }
    message.text = r.String("text");
    message.timestamp = r.OptionalLong("timestamp");
    message.type = r.String("type");
    out.messages.push_back(std::move(message));
  }
  out.timestamp = Reader(e, &error).Long("timestamp");
  if (!error.empty()) return Malformed(kOperation, error);
  return std::optional<ChatMessages>(std::move(out));
}

Result<StationParameters> ParseLoginStationResponse(const SoapHttpResponse& response) {
  return ParseSingle<StationParameters>(
      response, "loginStation", [](XmlElement e, std::string* error) {
        Reader r(e, error);
        StationParameters p;
        p.backup_proxy = r.String("backupProxy");
        if (XmlElement c = e.Child("codecParameters"); c && !c.IsNil()) {
          Reader cr(c, error);
          CodecParameters codec;
          for (XmlElement x : c.Children("codecs")) codec.codecs.push_back(x.Text());
          for (XmlElement x : c.Children("cryptoSuites")) codec.crypto_suites.push_back(x.Text());
          codec.disable_nat = cr.Bool("disableNAT");
          codec.no_silence_suppression = cr.Bool("noSilenceSuppression");
          codec.ptime = cr.Int("ptime");
          codec.rfc2833p_type = cr.Int("rfc2833pType");
          codec.use_srtp = cr.Bool("useSRTP");
          p.codec_parameters = std::move(codec);
        }
        p.name = r.String("name");
        p.password = r.String("password");
        p.proxy = r.String("proxy");
        return p;
      });
}

Result<std::string> ParseReconnectStationResponse(const SoapHttpResponse& response) {
  return ParseSingle<std::string>(response, "reconnectStation", [](XmlElement e, std::string*) {
    return std::string(TrimAsciiSpace(e.Text()));
  });
}

Result<std::vector<MonitoringSupervisor>> ParseGetMonitoringSupervisorsResponse(
    const SoapHttpResponse& response) {
  return ParseList<MonitoringSupervisor>(
      response, "getMonitoringSupervisors", [](XmlElement e, std::string* error) {
        Reader r(e, error);
        return MonitoringSupervisor{r.String("mode"), r.String("supervisorName")};
      });
}

Result<std::vector<UserRoledId>> ParseGetLoggedInUsersResponse(const SoapHttpResponse& response) {
  return ParseList<UserRoledId>(response, "getLoggedInUsers", [](XmlElement e, std::string*) {
    UserRoledId user;
    user.name = e.ChildText("name").value_or("");
    if (XmlElement id = e.Child("roledId"); id && !id.IsNil()) user.roled_id = ReadRoledId(id);
    return user;
  });
}

Result<std::vector<IdName>> ParseGetMyGroupIdsResponse(const SoapHttpResponse& response) {
  return ParseList<IdName>(response, "getMyGroupIds", ReadIdName);
}

Result<std::vector<SupervisorPermission>> ParseGetMyPermissionsResponse(
    const SoapHttpResponse& response) {
  return ParseList<SupervisorPermission>(
      response, "getMyPermissions", [](XmlElement e, std::string* error) {
        Reader r(e, error);
        return SupervisorPermission{r.String("type"), r.Bool("value")};
      });
}

Result<std::vector<IdName>> ParseGetMySkillsIdsResponse(const SoapHttpResponse& response) {
  return ParseList<IdName>(response, "getMySkillsIds", ReadIdName);
}

}  // namespace five9exp
