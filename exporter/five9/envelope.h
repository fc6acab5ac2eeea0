#pragma once
// SOAP 1.1 request envelopes for every operation of the Supervisor Web Service.
//
// One function per WSDL operation returns the complete envelope text. The body
// element is `ser:<operation>` in the Five9 namespace; its children are
// unqualified and appear in the exact order of the WSDL sequence (the server
// is a JAX-WS stack that rejects out-of-order elements). Every string goes
// through XmlWriter, so caller text is always escaped.
//
// Stateless free functions: thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/five9/types.h"

namespace five9exp {

inline constexpr std::string_view kSoapEnvelopeNamespace =
    "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kFive9Namespace = "http://service.supervisor.ws.five9.com/";
inline constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

// showOnlyMySkills exists from API version 12 on; older servers reject it.
inline constexpr int kShowOnlyMySkillsMinApiVersion = 12;

// Wraps already-built body children (trusted markup from XmlWriter) in the envelope
// of `operation`. Exposed for the simulator's tests and for the builders below.
std::string WrapRequestEnvelope(std::string_view operation, std::string_view body_children);

// --- session
std::string BuildSetSessionParametersRequest(const ViewSettings& settings);
std::string BuildGetSessionParametersRequest();
std::string BuildCloseSessionRequest();
std::string BuildGetApiVersionsRequest();

// --- statistics. `show_only_my_skills` is written only when set and api_version >= 12.
std::string BuildGetColumnNamesRequest(StatisticType type);
std::string BuildGetStatisticsRequest(StatisticType type, const std::vector<std::string>& columns,
                                      std::optional<bool> show_only_my_skills, int api_version);
std::string BuildGetStatisticsUpdateRequest(StatisticType type, int64_t previous_timestamp,
                                            int64_t long_polling_timeout_ms,
                                            std::optional<bool> show_only_my_skills,
                                            int api_version);

// --- limits
std::string BuildGetCallCountersStateRequest();
std::string BuildGetUserLimitsRequest();

// --- campaigns
std::string BuildStartCampaignRequest(std::string_view campaign);
std::string BuildStopCampaignRequest(std::string_view campaign);
std::string BuildForceStopCampaignRequest(std::string_view campaign);
std::string BuildResetCampaignRequest(std::string_view campaign);
// `after`/`before` are xs:dateTime texts, omitted when unset.
std::string BuildResetCampaignDispositionsRequest(std::string_view campaign,
                                                  const std::vector<std::string>& dispositions,
                                                  const std::optional<std::string>& after,
                                                  const std::optional<std::string>& before);
std::string BuildGetDispositionsNamesRequest();

// --- chat
std::string BuildCreateChatSessionRequest();
std::string BuildCloseChatSessionRequest(std::string_view chat_id);
std::string BuildSendMsgToChatRequest(std::string_view chat_id, std::string_view text);
std::string BuildSendChatInviteRequest(std::string_view chat_id, const RoledId& user);
std::string BuildAcceptChatInviteRequest(std::string_view chat_id, bool accepted);
std::string BuildRemoveUserFromChatRequest(std::string_view chat_id, const RoledId& user);
std::string BuildSendBroadcastMessagesRequest(std::string_view type, int64_t spec_id,
                                              std::string_view text);
std::string BuildSendInfoMessageRequest(const RoledId& user, std::string_view text);
std::string BuildReceiveMessagesRequest(int64_t previous_timestamp,
                                        int64_t long_polling_timeout_ms);

// --- monitoring
std::string BuildLoginStationRequest(const LoginStationRequest& request);
std::string BuildReconnectStationRequest();
// `mode` is a monitoringMode spelling, written as simple content (the WSDL type; the
// guide's example wraps it in <value>, which the schema does not allow).
std::string BuildStartMonitoringRequest(std::string_view agent, std::string_view mode);
std::string BuildStopMonitoringRequest(std::string_view agent);
std::string BuildGetMonitoringSupervisorsRequest(std::string_view agent);

// --- users
std::string BuildGetLoggedInUsersRequest();
std::string BuildGetMyGroupIdsRequest();
std::string BuildGetMyPermissionsRequest();
std::string BuildGetMySkillsIdsRequest();

}  // namespace five9exp
