#include "exporter/five9/fault.h"

#include <gtest/gtest.h>

#include <set>

namespace five9exp {
namespace {

Error Fault(FaultType type, int status = 500) {
  Error e{ErrorCode::kFault, "m"};
  e.http_status = status;
  e.fault.name = std::string(FaultTypeName(type));
  return e;
}

Error Code(ErrorCode code, int status = 0) {
  Error e{code, "m"};
  e.http_status = status;
  return e;
}

TEST(FaultTest, NamesRoundTripForAll27) {
  std::set<std::string_view> names;
  for (int i = 0; i < kFaultTypeCount; ++i) {
    const auto type = static_cast<FaultType>(i);
    const std::string_view name = FaultTypeName(type);
    EXPECT_TRUE(name.ends_with("Fault")) << name;
    EXPECT_EQ(FaultTypeFromName(name), type);
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kFaultTypeCount));
  EXPECT_EQ(FaultTypeName(FaultType::kUnknown), "");
  EXPECT_EQ(FaultTypeFromName("NoSuchFault"), FaultType::kUnknown);
  EXPECT_EQ(FaultTypeOf(Code(ErrorCode::kTimeout)), FaultType::kUnknown);
}

TEST(FaultTest, ActionsFollowTheFieldNotes) {
  struct Case {
    Error error;
    FaultAction action;
  };
  const std::vector<Case> cases = {
      {Fault(FaultType::kSessionClosed), FaultAction::kNewSession},
      {Fault(FaultType::kSessionNotInitialized), FaultAction::kNewSession},
      {Fault(FaultType::kUnknownTimestamp), FaultAction::kReloadType},
      {Fault(FaultType::kStatisticsNotRequested), FaultAction::kReloadType},
      {Fault(FaultType::kConfigurationChanged), FaultAction::kReloadType},
      {Fault(FaultType::kUnknownColumn), FaultAction::kDropColumnFilterAndReload},
      {Fault(FaultType::kOperationsLimitExceeded), FaultAction::kWaitForWindow},
      {Fault(FaultType::kUserLimitReached), FaultAction::kBackOffLong},
      {Fault(FaultType::kInvalidAccount), FaultAction::kBackOffLong},
      {Fault(FaultType::kAccessDisallowed), FaultAction::kBackOffLong},
      {Fault(FaultType::kServiceUnavailable), FaultAction::kRetryWithBackoff},
      {Fault(FaultType::kServer), FaultAction::kRetryWithBackoff},
      {Fault(FaultType::kUnknown), FaultAction::kRetryWithBackoff},
      {Fault(FaultType::kWrongCampaignState), FaultAction::kReportToCaller},
      {Fault(FaultType::kCampaignNotFound), FaultAction::kReportToCaller},
      {Fault(FaultType::kIncorrectArgument), FaultAction::kReportToCaller},
      {Fault(FaultType::kChat), FaultAction::kReportToCaller},
      {Fault(FaultType::kAgentMonitor), FaultAction::kReportToCaller},
      {Code(ErrorCode::kTransport), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kTimeout), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kTls), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kMalformedResponse), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kHttpStatus, 500), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kHttpStatus, 503), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kHttpStatus, 429), FaultAction::kRetryWithBackoff},
      {Code(ErrorCode::kHttpStatus, 401), FaultAction::kBackOffLong},
      {Code(ErrorCode::kHttpStatus, 403), FaultAction::kBackOffLong},
      {Code(ErrorCode::kHttpStatus, 404), FaultAction::kReportToCaller},
      {Code(ErrorCode::kBodyTooLarge), FaultAction::kBackOffLong},
      {Code(ErrorCode::kCancelled), FaultAction::kReportToCaller},
      {Code(ErrorCode::kInvalidArgument), FaultAction::kReportToCaller},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FaultActionName(ActionFor(c.error)), FaultActionName(c.action)) << c.error.ToString();
  }
}

TEST(FaultTest, AccessorsOnlyReadFaults) {
  Error e = Fault(FaultType::kOperationsLimitExceeded);
  e.fault.fields = {{"limit", "30"}, {"operationType", "QueryChangedStatistics"}};
  EXPECT_EQ(FaultLimit(e), 30);
  EXPECT_EQ(FaultOperationType(e), "QueryChangedStatistics");
  e.fault.fields["limit"] = "30x";
  EXPECT_EQ(FaultLimit(e), std::nullopt);
  Error not_fault = Code(ErrorCode::kTimeout);
  not_fault.fault.fields = {{"limit", "1"}};
  EXPECT_EQ(FaultLimit(not_fault), std::nullopt);
  EXPECT_TRUE(FaultDesiredTypes(not_fault).empty());
}

}  // namespace
}  // namespace five9exp
