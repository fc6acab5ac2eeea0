#include "exporter/five9/fault.h"

#include <array>
#include <charconv>
#include <utility>

namespace five9exp {
namespace {

constexpr std::array<std::pair<FaultType, std::string_view>, kFaultTypeCount> kFaultNames = {{
    {FaultType::kUserLimitReached, "UserLimitReachedFault"},
    {FaultType::kChat, "ChatFault"},
    {FaultType::kMissedArgument, "MissedArgumentFault"},
    {FaultType::kUserAlreadyLoggedIn, "UserAlreadyLoggedInFault"},
    {FaultType::kServiceUnavailable, "ServiceUnavailableFault"},
    {FaultType::kOperationsLimitExceeded, "OperationsLimitExceededFault"},
    {FaultType::kIncorrectArgument, "IncorrectArgumentFault"},
    {FaultType::kSessionClosed, "SessionClosedFault"},
    {FaultType::kInvalidAccount, "InvalidAccountFault"},
    {FaultType::kServer, "ServerFault"},
    {FaultType::kAccessDisallowed, "AccessDisallowedFault"},
    {FaultType::kSessionNotInitialized, "SessionNotInitializedFault"},
    {FaultType::kStationNotFound, "StationNotFoundFault"},
    {FaultType::kWrongCampaignType, "WrongCampaignTypeFault"},
    {FaultType::kConcurrentModification, "ConcurrentModificationFault"},
    {FaultType::kCampaignNotFound, "CampaignNotFoundFault"},
    {FaultType::kCampaignStateUpdate, "CampaignStateUpdateFault"},
    {FaultType::kStatisticsNotRequested, "StatisticsNotRequestedFault"},
    {FaultType::kUnknownTimestamp, "UnknownTimestampFault"},
    {FaultType::kConfigurationChanged, "ConfigurationChangedFault"},
    {FaultType::kStationNotLoggedIn, "StationNotLoggedInFault"},
    {FaultType::kReconnectStation, "ReconnectStationFault"},
    {FaultType::kUnknownColumn, "UnknownColumnFault"},
    {FaultType::kAgentNotFound, "AgentNotFoundFault"},
    {FaultType::kWrongCampaignState, "WrongCampaignStateFault"},
    {FaultType::kDispositionNotFound, "DispositionNotFoundFault"},
    {FaultType::kAgentMonitor, "AgentMonitorFault"},
}};

}  // namespace

std::string_view FaultTypeName(FaultType type) {
  for (const auto& [t, name] : kFaultNames) {
    if (t == type) return name;
  }
  return "";
}

FaultType FaultTypeFromName(std::string_view name) {
  for (const auto& [t, n] : kFaultNames) {
    if (n == name) return t;
  }
  return FaultType::kUnknown;
}

FaultType FaultTypeOf(const Error& error) {
  if (error.code != ErrorCode::kFault) return FaultType::kUnknown;
  return FaultTypeFromName(error.fault.name);
}

std::optional<std::string> FaultField(const Error& error, std::string_view field) {
  if (error.code != ErrorCode::kFault) return std::nullopt;
  auto it = error.fault.fields.find(field);
  if (it == error.fault.fields.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> FaultMessage(const Error& e) { return FaultField(e, "message"); }

std::optional<int64_t> FaultLimit(const Error& error) {
  std::optional<std::string> text = FaultField(error, "limit");
  if (!text) return std::nullopt;
  int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<std::string> FaultOperationType(const Error& e) {
  return FaultField(e, "operationType");
}
std::optional<std::string> FaultCampaignName(const Error& e) {
  return FaultField(e, "campaignName");
}
std::optional<std::string> FaultActualState(const Error& e) { return FaultField(e, "actualState"); }
std::optional<std::string> FaultDesiredState(const Error& e) {
  return FaultField(e, "desiredState");
}
std::optional<std::string> FaultActualType(const Error& e) { return FaultField(e, "actualType"); }

std::vector<std::string> FaultDesiredTypes(const Error& error) {
  std::vector<std::string> out;
  std::optional<std::string> joined = FaultField(error, "desiredTypes");
  if (!joined || joined->empty()) return out;
  // response_parser joins repeated children with ','; campaignType spellings never contain one.
  size_t start = 0;
  while (true) {
    size_t comma = joined->find(',', start);
    out.push_back(joined->substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::string> FaultDetails(const Error& e) { return FaultField(e, "details"); }
std::optional<std::string> FaultStationName(const Error& e) { return FaultField(e, "stationName"); }
std::optional<std::string> FaultProblem(const Error& e) { return FaultField(e, "problem"); }
std::optional<std::string> FaultAgentName(const Error& e) { return FaultField(e, "agentName"); }
std::optional<std::string> FaultMonitorError(const Error& e) {
  return FaultField(e, "monitorError");
}
std::optional<std::string> FaultDispositionName(const Error& e) {
  return FaultField(e, "dispositionName");
}

std::string_view FaultActionName(FaultAction action) {
  switch (action) {
    case FaultAction::kNewSession:
      return "new_session";
    case FaultAction::kReloadType:
      return "reload_type";
    case FaultAction::kDropColumnFilterAndReload:
      return "drop_column_filter_and_reload";
    case FaultAction::kWaitForWindow:
      return "wait_for_window";
    case FaultAction::kBackOffLong:
      return "back_off_long";
    case FaultAction::kRetryWithBackoff:
      return "retry_with_backoff";
    case FaultAction::kReportToCaller:
      return "report_to_caller";
  }
  return "report_to_caller";
}

FaultAction ActionFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kFault:
      break;
    // Network trouble and answers that are not Five9's (proxy pages, cut bodies) are
    // transient from our side: retry later, never hammer.
    case ErrorCode::kTransport:
    case ErrorCode::kTimeout:
    case ErrorCode::kTls:
    case ErrorCode::kMalformedResponse:
      return FaultAction::kRetryWithBackoff;
    case ErrorCode::kHttpStatus:
      // Wrong credentials (Five9's, or the egress proxy's 407) do not fix themselves; a fast
      // loop could lock the account.
      if (error.http_status == 401 || error.http_status == 403 || error.http_status == 407) {
        return FaultAction::kBackOffLong;
      }
      if (error.http_status >= 500 || error.http_status == 429 || error.http_status == 408) {
        return FaultAction::kRetryWithBackoff;
      }
      return FaultAction::kReportToCaller;
    // The same request would be too large again: waiting helps only slowly.
    case ErrorCode::kBodyTooLarge:
      return FaultAction::kBackOffLong;
    default:
      return FaultAction::kReportToCaller;
  }
  switch (FaultTypeOf(error)) {
    case FaultType::kSessionClosed:
    case FaultType::kSessionNotInitialized:
      return FaultAction::kNewSession;
    case FaultType::kUnknownTimestamp:
    case FaultType::kStatisticsNotRequested:
    case FaultType::kConfigurationChanged:
      return FaultAction::kReloadType;
    case FaultType::kUnknownColumn:
      return FaultAction::kDropColumnFilterAndReload;
    case FaultType::kOperationsLimitExceeded:
      return FaultAction::kWaitForWindow;
    case FaultType::kUserLimitReached:
    case FaultType::kInvalidAccount:
    case FaultType::kAccessDisallowed:
      return FaultAction::kBackOffLong;
    case FaultType::kServiceUnavailable:
    case FaultType::kServer:
      return FaultAction::kRetryWithBackoff;
    case FaultType::kUnknown:
      // A fault without a known detail element: nothing typed to act on, so treat it
      // like a server error (backoff bounds the cost if it repeats).
      return FaultAction::kRetryWithBackoff;
    default:
      return FaultAction::kReportToCaller;
  }
}

}  // namespace five9exp
