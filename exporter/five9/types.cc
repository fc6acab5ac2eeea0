#include "exporter/five9/types.h"

namespace five9exp {

std::string_view ToWire(StatisticType type) {
  switch (type) {
    case StatisticType::kAgentState:
      return "AgentState";
    case StatisticType::kAgentStatistics:
      return "AgentStatistics";
    case StatisticType::kAcdStatus:
      return "ACDStatus";
    case StatisticType::kCampaignState:
      return "CampaignState";
    case StatisticType::kOutboundCampaignManager:
      return "OutboundCampaignManager";
    case StatisticType::kOutboundCampaignStatistics:
      return "OutboundCampaignStatistics";
    case StatisticType::kInboundCampaignStatistics:
      return "InboundCampaignStatistics";
    case StatisticType::kAutodialCampaignStatistics:
      return "AutodialCampaignStatistics";
  }
  return "AgentState";
}

std::optional<StatisticType> StatisticTypeFromWire(std::string_view wire) {
  for (StatisticType type : kAllStatisticTypes) {
    if (ToWire(type) == wire) return type;
  }
  return std::nullopt;
}

std::string_view KeyColumn(StatisticType type) {
  switch (type) {
    case StatisticType::kAgentState:
    case StatisticType::kAgentStatistics:
      return "Username";
    case StatisticType::kAcdStatus:
      return "Skill Name";
    default:
      return "Campaign Name";
  }
}

std::string_view OperationTypeOf(std::string_view method) {
  if (method == "setSessionParameters" || method == "getStatistics" || method == "getColumnNames") {
    return kQueryStatistics;
  }
  if (method == "getStatisticsUpdate" || method == "receiveMessages") {
    return kQueryChangedStatistics;
  }
  return "";
}

}  // namespace five9exp
