#pragma once
// Parses SOAP 1.1 responses of the Supervisor Web Service into the types of types.h.
//
// Envelope handling is prefix-agnostic (env:/soap:/S:, ns2:/ser:) but namespace-
// checked: the Envelope, Body and Fault must be in the SOAP 1.1 envelope namespace
// and the `<operation>Response` element in the Five9 namespace.
// Outcomes, in order of precedence:
//   - a SOAP Fault (any HTTP status) -> kFault with Error::fault filled: name = local
//     name of the detail child (e.g. "SessionClosedFault"), fields = its children's
//     texts by local name, repeated children joined by ','; http_status kept;
//   - a non-2xx status without a parsable fault -> kHttpStatus;
//   - a 2xx body that is not the expected SOAP response (HTML page, truncated XML,
//     wrong namespace, other operation) -> kMalformedResponse; over the cap -> kBodyTooLarge.
// Values: nil (xsi:nil) is kept distinct from "" where the WSDL allows nil (CellValue).
//
// Stateless free functions: thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/error.h"
#include "exporter/five9/statistics_update_stream.h"
#include "exporter/five9/transport.h"
#include "exporter/five9/types.h"
#include "exporter/five9/xml.h"

namespace five9exp {

// The `<operation>Response` element of a successful answer; `response` points into
// `document` and stays valid as long as this object lives (moves included).
struct SoapPayload {
  XmlDocument document;
  XmlElement response;
};

// Checks status, envelope, fault and the response element of `operation` (the WSDL
// operation name, e.g. "getStatistics").
Result<SoapPayload> ParseSoapResponse(const SoapHttpResponse& response, std::string_view operation,
                                      size_t max_bytes = kDefaultMaxXmlBytes);

// For the operations whose response has no content (or content we do not use).
Result<void> ParseEmptyResponse(const SoapHttpResponse& response, std::string_view operation);

// --- session
Result<ViewSettings> ParseGetSessionParametersResponse(const SoapHttpResponse& response);
Result<ApiVersions> ParseGetApiVersionsResponse(const SoapHttpResponse& response);

// --- statistics. `requested` fills Statistics::type when the response omits <type>.
Result<std::vector<std::string>> ParseGetColumnNamesResponse(const SoapHttpResponse& response);
Result<Statistics> ParseGetStatisticsResponse(const SoapHttpResponse& response,
                                              StatisticType requested);
// std::nullopt = no <return>: nothing changed since previousTimestamp.
Result<std::optional<StatisticsUpdate>> ParseGetStatisticsUpdateResponse(
    const SoapHttpResponse& response, StatisticType requested);
// The DOM way ParseGetStatisticsUpdateResponse reads an answer (the reference, and the one
// that words every error), exposed for tests and the benchmark; the streaming way is
// statistics_update_stream.h.
Result<std::optional<StatisticsUpdate>> ParseGetStatisticsUpdateResponseDom(
    const SoapHttpResponse& response, StatisticType requested);

// --- limits
Result<std::vector<LimitTimeoutState>> ParseGetCallCountersStateResponse(
    const SoapHttpResponse& response);
Result<UserLimits> ParseGetUserLimitsResponse(const SoapHttpResponse& response);

// --- campaigns
Result<std::vector<std::string>> ParseGetDispositionsNamesResponse(
    const SoapHttpResponse& response);

// --- chat
Result<std::string> ParseCreateChatSessionResponse(const SoapHttpResponse& response);
// std::nullopt = no <return>: no new messages.
Result<std::optional<ChatMessages>> ParseReceiveMessagesResponse(const SoapHttpResponse& response);

// --- monitoring
Result<StationParameters> ParseLoginStationResponse(const SoapHttpResponse& response);
Result<std::string> ParseReconnectStationResponse(const SoapHttpResponse& response);
Result<std::vector<MonitoringSupervisor>> ParseGetMonitoringSupervisorsResponse(
    const SoapHttpResponse& response);

// --- users
Result<std::vector<UserRoledId>> ParseGetLoggedInUsersResponse(const SoapHttpResponse& response);
Result<std::vector<IdName>> ParseGetMyGroupIdsResponse(const SoapHttpResponse& response);
Result<std::vector<SupervisorPermission>> ParseGetMyPermissionsResponse(
    const SoapHttpResponse& response);
Result<std::vector<IdName>> ParseGetMySkillsIdsResponse(const SoapHttpResponse& response);

}  // namespace five9exp
