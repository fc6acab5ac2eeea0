#include "simulator/model/domain.h"

namespace five9sim {

const char* AgentStateName(AgentState state) {
  switch (state) {
    case AgentState::kLoggedOut:
      return "Logged Out";
    case AgentState::kReady:
      return "Ready";
    case AgentState::kNotReady:
      return "Not Ready";
    case AgentState::kOnCall:
      return "On Call";
    case AgentState::kAfterCallWork:
      return "After Call Work";
  }
  return "Logged Out";
}

const char* CampaignTypeName(CampaignType type) {
  switch (type) {
    case CampaignType::kInbound:
      return "INBOUND";
    case CampaignType::kOutbound:
      return "OUTBOUND";
    case CampaignType::kAutodial:
      return "AUTODIAL";
  }
  return "INBOUND";
}

const char* CampaignStateName(CampaignState state) {
  switch (state) {
    case CampaignState::kNotRunning:
      return "NOT_RUNNING";
    case CampaignState::kStarting:
      return "STARTING";
    case CampaignState::kRunning:
      return "RUNNING";
    case CampaignState::kStopping:
      return "STOPPING";
    case CampaignState::kResetting:
      return "RESETTING";
  }
  return "NOT_RUNNING";
}

}  // namespace five9sim
