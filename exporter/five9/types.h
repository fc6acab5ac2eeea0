#pragma once
// Plain data types of the Five9 Supervisor Web Service (v9_5 WSDL names in comments).
// No XML, no transport: these are what the typed client returns and the simulator serves.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace five9exp {

// statisticType
enum class StatisticType {
  kAgentState,
  kAgentStatistics,
  kAcdStatus,
  kCampaignState,
  kOutboundCampaignManager,
  kOutboundCampaignStatistics,
  kInboundCampaignStatistics,
  kAutodialCampaignStatistics,
};
inline constexpr std::array<StatisticType, 8> kAllStatisticTypes = {
    StatisticType::kAgentState,
    StatisticType::kAgentStatistics,
    StatisticType::kAcdStatus,
    StatisticType::kCampaignState,
    StatisticType::kOutboundCampaignManager,
    StatisticType::kOutboundCampaignStatistics,
    StatisticType::kInboundCampaignStatistics,
    StatisticType::kAutodialCampaignStatistics,
};
// Wire name, e.g. "ACDStatus".
std::string_view ToWire(StatisticType type);
std::optional<StatisticType> StatisticTypeFromWire(std::string_view wire);
// The key column of FIELD-NOTES ("Username", "Skill Name" or "Campaign Name").
std::string_view KeyColumn(StatisticType type);

// apiOperationType names of the two limit classes of the Statistics Web Services.
inline constexpr std::string_view kQueryStatistics = "QueryStatistics";
inline constexpr std::string_view kQueryChangedStatistics = "QueryChangedStatistics";

// The apiOperationType a WSDL method spends against the domain limits; "" = not counted.
// An assumption shared by the exporter's budget and the simulator (the guide names the
// types with examples, not every method): setSessionParameters, getStatistics,
// getColumnNames -> QueryStatistics; getStatisticsUpdate, receiveMessages ->
// QueryChangedStatistics.
std::string_view OperationTypeOf(std::string_view method);

// A statistics cell: std::nullopt is xsi:nil, distinct from "".
using CellValue = std::optional<std::string>;

// statistics (getStatisticsResponse/return)
struct Statistics {
  StatisticType type = StatisticType::kAgentState;
  std::vector<std::string> columns;
  std::vector<std::vector<CellValue>> rows;
  int64_t timestamp = 0;  // epoch ms; the first previousTimestamp for updates
};

// itemUpdate
struct ItemUpdate {
  std::string object_name;
  std::string column_name;
  CellValue column_value;
};

// statisticsUpdate (getStatisticsUpdateResponse/return)
struct StatisticsUpdate {
  StatisticType type = StatisticType::kAgentState;
  std::vector<ItemUpdate> data_update;
  std::vector<std::string> added_objects;
  std::vector<std::string> deleted_objects;
  int64_t previous_timestamp = 0;
  int64_t last_timestamp = 0;
};

// viewSettings. Optional fields are omitted from requests when unset.
struct ViewSettings {
  std::optional<std::string> app_type;
  std::optional<bool> force_logout_session;
  std::optional<int32_t> idle_timeout_s;        // idleTimeOut, 60..1800
  std::optional<std::string> rolling_period;    // rollingPeriod enum spelling, e.g. "Minutes30"
  int32_t shift_start_ms = 0;                   // shiftStart (required)
  std::optional<std::string> statistics_range;  // statisticsRange enum spelling, e.g. "CurrentDay"
  int32_t time_zone_ms = 0;                     // timeZone (required), offset from UTC
  bool operator==(const ViewSettings&) const = default;
};

// callCounterState
struct CallCounterState {
  std::string operation_type;  // apiOperationType, e.g. "QueryStatistics"
  int64_t limit = 0;
  int64_t value = 0;  // requests already used in the window
};

// limitTimeoutState: one window
struct LimitTimeoutState {
  int64_t timeout_s = 0;  // window length in seconds
  std::vector<CallCounterState> call_counter_states;
};

// wsUserLimits (note the WSDL spelling mobileLoggedin/supervisorsLoggedin)
struct UserLimits {
  int32_t mobile_limit = 0;
  int32_t mobile_logged_in = 0;
  int32_t supervisor_limit = 0;
  int32_t supervisors_logged_in = 0;
};

// wsRoledId
struct RoledId {
  std::string role;  // userRole: Agent, DomainSupervisor, DomainAdmin
  int64_t user_id = 0;
  // Responses only: the userId text when it is not an xs:long (the guide's example
  // shows names such as "Agent12"; user_id is then 0). Requests always send user_id.
  std::string raw_user_id;
};

// wsUserRoledId
struct UserRoledId {
  std::string name;
  RoledId roled_id;
};

// wsAgentGroup / wsSkill
struct IdName {
  int64_t id = 0;
  std::string name;
};

// supervisorPermission
struct SupervisorPermission {
  std::string type;  // supervisorPermissionType
  bool value = false;
};

// monitoringSupervisor
struct MonitoringSupervisor {
  std::string mode;  // monitoringMode: Silence, BargeIn, Whispering
  std::string supervisor_name;
};

// codecParameters
struct CodecParameters {
  std::vector<std::string> codecs;
  std::vector<std::string> crypto_suites;
  bool disable_nat = false;
  bool no_silence_suppression = false;
  int32_t ptime = 0;
  int32_t rfc2833p_type = 0;
  bool use_srtp = false;
};

// stationParameters. `password` is a secret: never log it.
struct StationParameters {
  std::string backup_proxy;
  std::optional<CodecParameters> codec_parameters;
  std::string name;
  std::string password;
  std::string proxy;
};

// loginStation request
struct LoginStationRequest {
  std::optional<std::string> station_name;
  bool force_logout_session = false;
  std::optional<std::string> app_type;
  std::optional<int32_t> idle_timeout_s;
};

// wsChatMessage
struct ChatMessage {
  std::string chat_id;
  std::optional<RoledId> from;
  std::vector<RoledId> participants;
  std::string text;
  std::optional<int64_t> timestamp;
  std::string type;  // wsChatMessageType
};

// wsChatMessages
struct ChatMessages {
  std::vector<ChatMessage> messages;
  int64_t timestamp = 0;
};

// versions
struct ApiVersions {
  std::string min_version;
  std::string max_version;
};

}  // namespace five9exp
