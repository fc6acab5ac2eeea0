#pragma once
// Campaign actions of the Supervisor API (start/stop/forceStop/reset/resetDispositions) as the
// campaignState machine, with the faults the WSDL declares for each operation:
//   startCampaign, stopCampaign, forceStopCampaign: CampaignNotFoundFault,
//     CampaignStateUpdateFault (the campaign is not in a state the action applies to);
//   resetCampaign: CampaignNotFoundFault, WrongCampaignTypeFault (inbound),
//     CampaignStateUpdateFault (not NOT_RUNNING);
//   resetCampaignDispositions: CampaignNotFoundFault, WrongCampaignStateFault (not
//     NOT_RUNNING), DispositionNotFoundFault. Inbound campaigns have no list: a no-op.
// Transitions: STARTING -> RUNNING after 2 s, STOPPING -> NOT_RUNNING after 3 s,
// RESETTING -> NOT_RUNNING after 2 s (Dynamics finishes them on its ticks).
// Free functions over the Domain; not thread-safe (guarded by ContactCenter's mutex).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/model/domain.h"
#include "simulator/model/dynamics.h"

namespace five9sim {

ModelResult<void> StartCampaign(Domain& domain, Dynamics& dynamics, std::string_view name);
ModelResult<void> StopCampaign(Domain& domain, Dynamics& dynamics, std::string_view name);
ModelResult<void> ForceStopCampaign(Domain& domain, Dynamics& dynamics, std::string_view name);
ModelResult<void> ResetCampaign(Domain& domain, Dynamics& dynamics, std::string_view name);
ModelResult<void> ResetCampaignDispositions(Domain& domain, Dynamics& dynamics,
                                            std::string_view name,
                                            const std::vector<std::string>& dispositions);

}  // namespace five9sim
