#pragma once
// The typed view of Five9 SOAP faults (Error::fault) and what to do about them.
//
// response_parser fills Error{kFault, fault.name, fault.fields}; this header turns
// the name into a FaultType, reads the typed fields, and classifies every error
// into the FIELD-NOTES action the statistics poller takes.
//
// Stateless free functions: thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/error.h"

namespace five9exp {

// The 27 fault elements of the v9_5 WSDL, in WSDL order, plus kUnknown for a fault
// without a (known) detail element.
enum class FaultType {
  kUserLimitReached,
  kChat,
  kMissedArgument,
  kUserAlreadyLoggedIn,
  kServiceUnavailable,
  kOperationsLimitExceeded,
  kIncorrectArgument,
  kSessionClosed,
  kInvalidAccount,
  kServer,
  kAccessDisallowed,
  kSessionNotInitialized,
  kStationNotFound,
  kWrongCampaignType,
  kConcurrentModification,
  kCampaignNotFound,
  kCampaignStateUpdate,
  kStatisticsNotRequested,
  kUnknownTimestamp,
  kConfigurationChanged,
  kStationNotLoggedIn,
  kReconnectStation,
  kUnknownColumn,
  kAgentNotFound,
  kWrongCampaignState,
  kDispositionNotFound,
  kAgentMonitor,
  kUnknown,
};
inline constexpr int kFaultTypeCount = 27;  // excluding kUnknown

// The WSDL element name, e.g. "OperationsLimitExceededFault"; "" for kUnknown.
std::string_view FaultTypeName(FaultType type);
// kUnknown for anything that is not one of the 27 names.
FaultType FaultTypeFromName(std::string_view name);
// kUnknown unless error.code == kFault with a known fault name.
FaultType FaultTypeOf(const Error& error);

// Typed field accessors; std::nullopt when the error is not a fault or lacks the field.
std::optional<std::string> FaultField(const Error& error, std::string_view field);
std::optional<std::string> FaultMessage(const Error& error);  // message
// OperationsLimitExceededFault
std::optional<int64_t> FaultLimit(const Error& error);              // limit (xs:long)
std::optional<std::string> FaultOperationType(const Error& error);  // operationType
// Campaign faults (CampaignNotFound, CampaignStateUpdate, WrongCampaignState/Type)
std::optional<std::string> FaultCampaignName(const Error& error);
std::optional<std::string> FaultActualState(const Error& error);   // campaignState spelling
std::optional<std::string> FaultDesiredState(const Error& error);  // campaignState spelling
std::optional<std::string> FaultActualType(const Error& error);    // campaignType spelling
std::vector<std::string> FaultDesiredTypes(const Error& error);    // campaignType spellings
std::optional<std::string> FaultDetails(const Error& error);       // CampaignStateUpdateFault
// Station, agent and disposition faults
std::optional<std::string> FaultStationName(const Error& error);
std::optional<std::string> FaultProblem(const Error& error);  // connectStationProblem
std::optional<std::string> FaultAgentName(const Error& error);
std::optional<std::string> FaultMonitorError(const Error& error);
std::optional<std::string> FaultDispositionName(const Error& error);

// What the caller does next (FIELD-NOTES "Fault to action").
enum class FaultAction {
  kNewSession,  // SessionClosed, SessionNotInitialized: setSessionParameters, reload all
  kReloadType,  // UnknownTimestamp, StatisticsNotRequested, ConfigurationChanged
  kDropColumnFilterAndReload,  // UnknownColumn
  kWaitForWindow,              // OperationsLimitExceeded: wait until getCallCountersState frees it
  kBackOffLong,                // UserLimitReached, InvalidAccount, AccessDisallowed, HTTP 401/403
  kRetryWithBackoff,  // ServiceUnavailable, Server, transport, timeouts, TLS, 5xx, junk bodies
  kReportToCaller,    // argument, campaign, chat, station, monitoring faults; cancellation
};
std::string_view FaultActionName(FaultAction action);
FaultAction ActionFor(const Error& error);

}  // namespace five9exp
