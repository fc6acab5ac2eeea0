#pragma once
// SupervisorClient: one typed method per operation of the Supervisor Web Service
// (guide + v9_5 WSDL). Builds SOAP 1.1 envelopes, sends them through a Transport,
// parses responses and faults (see envelope.h, response_parser.h, fault.h).
//
// Thread-compatible: owned by one domain's poller thread; calls are serial, as
// Five9 requires per user. Every call reports to the CallObserver (metrics).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/error.h"
#include "exporter/five9/transport.h"
#include "exporter/five9/types.h"

namespace five9exp {

// Called after every call with the WSDL operation name, the outcome label
// ("ok" or Error::Label()) and the wall time the call took.
using CallObserver = std::function<void(std::string_view method, std::string_view outcome,
                                        std::chrono::duration<double>)>;

struct ClientOptions {
  // API version the domain speaks; showOnlyMySkills is sent only when >= 12.
  int api_version = 4;
  // Extra read-timeout margin on top of a call's long-polling timeout.
  std::chrono::milliseconds read_timeout_margin{10'000};
  // Read timeout of calls that do not long-poll.
  std::chrono::milliseconds default_read_timeout{30'000};
  CallObserver observer;  // optional
};

class SupervisorClient {
 public:
  SupervisorClient(std::unique_ptr<Transport> transport, ClientOptions options);
  ~SupervisorClient();
  SupervisorClient(const SupervisorClient&) = delete;
  SupervisorClient& operator=(const SupervisorClient&) = delete;

  // Every call takes an optional stop token so shutdown can cancel a long poll.

  // --- session
  Result<void> SetSessionParameters(const ViewSettings& settings, std::stop_token stop = {});
  Result<ViewSettings> GetSessionParameters(std::stop_token stop = {});
  Result<void> CloseSession(std::stop_token stop = {});
  Result<ApiVersions> GetApiVersions(std::stop_token stop = {});

  // --- statistics
  Result<std::vector<std::string>> GetColumnNames(StatisticType type, std::stop_token stop = {});
  // `columns` empty = all columns. `show_only_my_skills` is sent only for api_version >= 12.
  Result<Statistics> GetStatistics(StatisticType type, const std::vector<std::string>& columns = {},
                                   std::optional<bool> show_only_my_skills = std::nullopt,
                                   std::stop_token stop = {});
  // std::nullopt = the response had no `return`: nothing changed, keep the previous timestamp.
  Result<std::optional<StatisticsUpdate>> GetStatisticsUpdate(
      StatisticType type, int64_t previous_timestamp,
      std::chrono::milliseconds long_polling_timeout,
      std::optional<bool> show_only_my_skills = std::nullopt, std::stop_token stop = {});

  // --- limits
  Result<std::vector<LimitTimeoutState>> GetCallCountersState(std::stop_token stop = {});
  Result<UserLimits> GetUserLimits(std::stop_token stop = {});

  // --- campaigns
  Result<void> StartCampaign(std::string_view campaign, std::stop_token stop = {});
  Result<void> StopCampaign(std::string_view campaign, std::stop_token stop = {});
  Result<void> ForceStopCampaign(std::string_view campaign, std::stop_token stop = {});
  Result<void> ResetCampaign(std::string_view campaign, std::stop_token stop = {});
  // `after`/`before` are xs:dateTime strings (validated by the caller).
  Result<void> ResetCampaignDispositions(std::string_view campaign,
                                         const std::vector<std::string>& dispositions,
                                         std::optional<std::string> after,
                                         std::optional<std::string> before,
                                         std::stop_token stop = {});
  Result<std::vector<std::string>> GetDispositionsNames(std::stop_token stop = {});

  // --- chat
  Result<std::string> CreateChatSession(std::stop_token stop = {});  // the chatId
  Result<void> CloseChatSession(std::string_view chat_id, std::stop_token stop = {});
  Result<void> SendMsgToChat(std::string_view chat_id, std::string_view text,
                             std::stop_token stop = {});
  Result<void> SendChatInvite(std::string_view chat_id, const RoledId& user,
                              std::stop_token stop = {});
  Result<void> AcceptChatInvite(std::string_view chat_id, bool accepted, std::stop_token stop = {});
  Result<void> RemoveUserFromChat(std::string_view chat_id, const RoledId& user,
                                  std::stop_token stop = {});
  // `type` is a broadcastType spelling; `spec_id` is required by the WSDL (0 when unused).
  Result<void> SendBroadcastMessages(std::string_view type, int64_t spec_id, std::string_view text,
                                     std::stop_token stop = {});
  Result<void> SendInfoMessage(const RoledId& user, std::string_view text,
                               std::stop_token stop = {});
  // std::nullopt = no `return` (nothing new).
  Result<std::optional<ChatMessages>> ReceiveMessages(
      int64_t previous_timestamp, std::chrono::milliseconds long_polling_timeout,
      std::stop_token stop = {});

  // --- monitoring
  Result<StationParameters> LoginStation(const LoginStationRequest& request,
                                         std::stop_token stop = {});
  Result<std::string> ReconnectStation(std::stop_token stop = {});  // connectStationResult
  Result<void> StartMonitoring(std::string_view agent, std::string_view mode,
                               std::stop_token stop = {});
  Result<void> StopMonitoring(std::string_view agent, std::stop_token stop = {});
  Result<std::vector<MonitoringSupervisor>> GetMonitoringSupervisors(std::string_view agent,
                                                                     std::stop_token stop = {});

  // --- users
  Result<std::vector<UserRoledId>> GetLoggedInUsers(std::stop_token stop = {});
  Result<std::vector<IdName>> GetMyGroupIds(std::stop_token stop = {});
  Result<std::vector<SupervisorPermission>> GetMyPermissions(std::stop_token stop = {});
  Result<std::vector<IdName>> GetMySkillsIds(std::stop_token stop = {});

 private:
  std::unique_ptr<Transport> transport_;
  ClientOptions options_;
};

}  // namespace five9exp
