#include "exporter/five9/client.h"

#include "exporter/five9/envelope.h"
#include "exporter/five9/response_parser.h"

namespace five9exp {

SupervisorClient::SupervisorClient(std::unique_ptr<Transport> transport, ClientOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {}

SupervisorClient::~SupervisorClient() = default;

namespace {

// Runs one call: sends the envelope, parses the answer, reports the outcome to the
// observer. Short-lived, one per call.
class CallRunner {
 public:
  CallRunner(Transport& transport, const ClientOptions& options, std::stop_token stop)
      : transport_(transport), options_(options), stop_(std::move(stop)) {}

  // `read_timeout` defaults to ClientOptions::default_read_timeout (calls that do
  // not long-poll).
  template <typename Parse>
  auto Run(std::string_view method, std::string body, Parse parse,
           std::optional<std::chrono::milliseconds> read_timeout = std::nullopt)
      -> decltype(parse(std::declval<const SoapHttpResponse&>())) {
    using R = decltype(parse(std::declval<const SoapHttpResponse&>()));
    const auto start = std::chrono::steady_clock::now();
    SoapHttpRequest request{std::move(body), read_timeout.value_or(options_.default_read_timeout)};
    Result<SoapHttpResponse> response = transport_.Post(request, stop_);
    R result = response ? parse(*response) : R(tl::unexpected(response.error()));
    if (options_.observer) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      const std::string outcome = result ? std::string("ok") : result.error().Label();
      options_.observer(method, outcome, took);
    }
    return result;
  }

 private:
  Transport& transport_;
  const ClientOptions& options_;
  std::stop_token stop_;
};

auto EmptyParser(std::string_view operation) {
  return [operation](const SoapHttpResponse& r) { return ParseEmptyResponse(r, operation); };
}

}  // namespace

Result<void> SupervisorClient::SetSessionParameters(const ViewSettings& settings,
                                                    std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("setSessionParameters", BuildSetSessionParametersRequest(settings),
           [](const SoapHttpResponse& r) { return ParseEmptyResponse(r, "setSessionParameters"); });
}

Result<ViewSettings> SupervisorClient::GetSessionParameters(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getSessionParameters", BuildGetSessionParametersRequest(),
           ParseGetSessionParametersResponse);
}

Result<void> SupervisorClient::CloseSession(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("closeSession", BuildCloseSessionRequest(),
           [](const SoapHttpResponse& r) { return ParseEmptyResponse(r, "closeSession"); });
}

Result<ApiVersions> SupervisorClient::GetApiVersions(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getApiVersions", BuildGetApiVersionsRequest(), ParseGetApiVersionsResponse);
}

Result<std::vector<std::string>> SupervisorClient::GetColumnNames(StatisticType type,
                                                                  std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getColumnNames", BuildGetColumnNamesRequest(type), ParseGetColumnNamesResponse);
}

Result<Statistics> SupervisorClient::GetStatistics(StatisticType type,
                                                   const std::vector<std::string>& columns,
                                                   std::optional<bool> show_only_my_skills,
                                                   std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getStatistics",
           BuildGetStatisticsRequest(type, columns, show_only_my_skills, options_.api_version),
           [type](const SoapHttpResponse& r) { return ParseGetStatisticsResponse(r, type); });
}

Result<std::optional<StatisticsUpdate>> SupervisorClient::GetStatisticsUpdate(
    StatisticType type, int64_t previous_timestamp, std::chrono::milliseconds long_polling_timeout,
    std::optional<bool> show_only_my_skills, std::stop_token stop) {
  // The server holds the call up to the long-poll timeout: the read timeout must exceed it.
  return CallRunner(*transport_, options_, stop)
      .Run(
          "getStatisticsUpdate",
          BuildGetStatisticsUpdateRequest(type, previous_timestamp, long_polling_timeout.count(),
                                          show_only_my_skills, options_.api_version),
          [type](const SoapHttpResponse& r) { return ParseGetStatisticsUpdateResponse(r, type); },
          long_polling_timeout + options_.read_timeout_margin);
}

Result<std::vector<LimitTimeoutState>> SupervisorClient::GetCallCountersState(
    std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getCallCountersState", BuildGetCallCountersStateRequest(),
           ParseGetCallCountersStateResponse);
}

Result<UserLimits> SupervisorClient::GetUserLimits(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getUserLimits", BuildGetUserLimitsRequest(), ParseGetUserLimitsResponse);
}

Result<void> SupervisorClient::StartCampaign(std::string_view campaign, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("startCampaign", BuildStartCampaignRequest(campaign), EmptyParser("startCampaign"));
}

Result<void> SupervisorClient::StopCampaign(std::string_view campaign, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("stopCampaign", BuildStopCampaignRequest(campaign), EmptyParser("stopCampaign"));
}

Result<void> SupervisorClient::ForceStopCampaign(std::string_view campaign, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("forceStopCampaign", BuildForceStopCampaignRequest(campaign),
           EmptyParser("forceStopCampaign"));
}

Result<void> SupervisorClient::ResetCampaign(std::string_view campaign, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("resetCampaign", BuildResetCampaignRequest(campaign), EmptyParser("resetCampaign"));
}

Result<void> SupervisorClient::ResetCampaignDispositions(
    std::string_view campaign, const std::vector<std::string>& dispositions,
    std::optional<std::string> after, std::optional<std::string> before, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("resetCampaignDispositions",
           BuildResetCampaignDispositionsRequest(campaign, dispositions, after, before),
           EmptyParser("resetCampaignDispositions"));
}

Result<std::vector<std::string>> SupervisorClient::GetDispositionsNames(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getDispositionsNames", BuildGetDispositionsNamesRequest(),
           ParseGetDispositionsNamesResponse);
}

Result<std::string> SupervisorClient::CreateChatSession(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("createChatSession", BuildCreateChatSessionRequest(), ParseCreateChatSessionResponse);
}

Result<void> SupervisorClient::CloseChatSession(std::string_view chat_id, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("closeChatSession", BuildCloseChatSessionRequest(chat_id),
           EmptyParser("closeChatSession"));
}

Result<void> SupervisorClient::SendMsgToChat(std::string_view chat_id, std::string_view text,
                                             std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("sendMsgToChat", BuildSendMsgToChatRequest(chat_id, text), EmptyParser("sendMsgToChat"));
}

Result<void> SupervisorClient::SendChatInvite(std::string_view chat_id, const RoledId& user,
                                              std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("sendChatInvite", BuildSendChatInviteRequest(chat_id, user),
           EmptyParser("sendChatInvite"));
}

Result<void> SupervisorClient::AcceptChatInvite(std::string_view chat_id, bool accepted,
                                                std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("acceptChatInvite", BuildAcceptChatInviteRequest(chat_id, accepted),
           EmptyParser("acceptChatInvite"));
}

Result<void> SupervisorClient::RemoveUserFromChat(std::string_view chat_id, const RoledId& user,
                                                  std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("removeUserFromChat", BuildRemoveUserFromChatRequest(chat_id, user),
           EmptyParser("removeUserFromChat"));
}

Result<void> SupervisorClient::SendBroadcastMessages(std::string_view type, int64_t spec_id,
                                                     std::string_view text, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("sendBroadcastMessages", BuildSendBroadcastMessagesRequest(type, spec_id, text),
           EmptyParser("sendBroadcastMessages"));
}

Result<void> SupervisorClient::SendInfoMessage(const RoledId& user, std::string_view text,
                                               std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("sendInfoMessage", BuildSendInfoMessageRequest(user, text),
           EmptyParser("sendInfoMessage"));
}

Result<std::optional<ChatMessages>> SupervisorClient::ReceiveMessages(
    int64_t previous_timestamp, std::chrono::milliseconds long_polling_timeout,
    std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("receiveMessages",
           BuildReceiveMessagesRequest(previous_timestamp, long_polling_timeout.count()),
           ParseReceiveMessagesResponse, long_polling_timeout + options_.read_timeout_margin);
}

Result<StationParameters> SupervisorClient::LoginStation(const LoginStationRequest& request,
                                                         std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("loginStation", BuildLoginStationRequest(request), ParseLoginStationResponse);
}

Result<std::string> SupervisorClient::ReconnectStation(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("reconnectStation", BuildReconnectStationRequest(), ParseReconnectStationResponse);
}

Result<void> SupervisorClient::StartMonitoring(std::string_view agent, std::string_view mode,
                                               std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("startMonitoring", BuildStartMonitoringRequest(agent, mode),
           EmptyParser("startMonitoring"));
}

Result<void> SupervisorClient::StopMonitoring(std::string_view agent, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("stopMonitoring", BuildStopMonitoringRequest(agent), EmptyParser("stopMonitoring"));
}

Result<std::vector<MonitoringSupervisor>> SupervisorClient::GetMonitoringSupervisors(
    std::string_view agent, std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getMonitoringSupervisors", BuildGetMonitoringSupervisorsRequest(agent),
           ParseGetMonitoringSupervisorsResponse);
}

Result<std::vector<UserRoledId>> SupervisorClient::GetLoggedInUsers(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getLoggedInUsers", BuildGetLoggedInUsersRequest(), ParseGetLoggedInUsersResponse);
}

Result<std::vector<IdName>> SupervisorClient::GetMyGroupIds(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getMyGroupIds", BuildGetMyGroupIdsRequest(), ParseGetMyGroupIdsResponse);
}

Result<std::vector<SupervisorPermission>> SupervisorClient::GetMyPermissions(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getMyPermissions", BuildGetMyPermissionsRequest(), ParseGetMyPermissionsResponse);
}

Result<std::vector<IdName>> SupervisorClient::GetMySkillsIds(std::stop_token stop) {
  return CallRunner(*transport_, options_, stop)
      .Run("getMySkillsIds", BuildGetMySkillsIdsRequest(), ParseGetMySkillsIdsResponse);
}

}  // namespace five9exp
