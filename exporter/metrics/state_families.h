#pragma once
// The state and info families rendered from the AgentState and CampaignState tables:
//   five9_agent_state{domain,agent,state,reason} = 1
//   five9_agent_info{domain,agent,full_name} = 1       (only when enabled)
//   five9_campaign_state{domain,campaign,state} = 1/0  (the five campaignState values, plus
//                                                        an unknown value as its own series)
// Rows without a State value give no state series. Pure functions; thread-safe.

#include <string_view>
#include <vector>

#include "exporter/metrics/family_text.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

inline constexpr std::string_view kCampaignStates[] = {"NOT_RUNNING", "STARTING", "RUNNING",
                                                       "STOPPING", "RESETTING"};

// Appends five9_agent_state (and five9_agent_info when `agent_info`) for an AgentState table.
void RenderAgentStateFamilies(std::string_view domain, const TableSnapshot& table, bool agent_info,
                              std::vector<FamilyText>& out);

// Appends five9_campaign_state for a CampaignState table.
void RenderCampaignStateFamily(std::string_view domain, const TableSnapshot& table,
                               std::vector<FamilyText>& out);

}  // namespace five9exp
