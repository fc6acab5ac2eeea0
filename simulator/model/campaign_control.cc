#include "simulator/model/campaign_control.h"

namespace five9sim {
namespace {

constexpr int64_t kStartMs = 2'000;
constexpr int64_t kStopMs = 3'000;
constexpr int64_t kResetMs = 2'000;

tl::unexpected<ModelFault> NotFound(std::string_view name) {
  return tl::unexpected(ModelFault{"CampaignNotFoundFault",
                                   {{"campaignName", std::string(name)}},
                                   "Campaign '" + std::string(name) + "' not found"});
}

tl::unexpected<ModelFault> StateUpdate(const Campaign& c, std::string_view action) {
  std::string details =
      "Cannot " + std::string(action) + " campaign in state " + CampaignStateName(c.state);
  return tl::unexpected(ModelFault{"CampaignStateUpdateFault",
                                   {{"campaignName", c.name}, {"details", details}},
                                   "Campaign '" + c.name + "': " + details});
}

}  // namespace

ModelResult<void> StartCampaign(Domain& domain, Dynamics& dynamics, std::string_view name) {
  const int id = domain.FindCampaign(name);
  if (id < 0) return NotFound(name);
  const Campaign& c = domain.campaigns[id];
  if (c.state != CampaignState::kNotRunning) return StateUpdate(c, "start");
  dynamics.SetCampaignState(id, CampaignState::kStarting, domain.now_ms, kStartMs);
  return {};
}

ModelResult<void> StopCampaign(Domain& domain, Dynamics& dynamics, std::string_view name) {
  const int id = domain.FindCampaign(name);
  if (id < 0) return NotFound(name);
  const Campaign& c = domain.campaigns[id];
  if (c.state != CampaignState::kRunning && c.state != CampaignState::kStarting) {
    return StateUpdate(c, "stop");
  }
  dynamics.SetCampaignState(id, CampaignState::kStopping, domain.now_ms, kStopMs);
  return {};
}

ModelResult<void> ForceStopCampaign(Domain& domain, Dynamics& dynamics, std::string_view name) {
  const int id = domain.FindCampaign(name);
  if (id < 0) return NotFound(name);
  const Campaign& c = domain.campaigns[id];
  if (c.state == CampaignState::kNotRunning || c.state == CampaignState::kResetting) {
    return StateUpdate(c, "force stop");
  }
  dynamics.SetCampaignState(id, CampaignState::kNotRunning, domain.now_ms, 0);
  return {};
}

ModelResult<void> ResetCampaign(Domain& domain, Dynamics& dynamics, std::string_view name) {
  const int id = domain.FindCampaign(name);
  if (id < 0) return NotFound(name);
  const Campaign& c = domain.campaigns[id];
  if (c.type == CampaignType::kInbound) {
    return tl::unexpected(ModelFault{"WrongCampaignTypeFault",
                                     {{"actualType", "INBOUND"},
                                      {"campaignName", c.name},
                                      {"desiredTypes", "OUTBOUND"},
                                      {"desiredTypes", "AUTODIAL"}},
                                     "Campaign '" + c.name + "' is INBOUND: it has no list"});
  }
  if (c.state != CampaignState::kNotRunning) return StateUpdate(c, "reset");
  dynamics.SetCampaignState(id, CampaignState::kResetting, domain.now_ms, kResetMs);
  return {};
}

ModelResult<void> ResetCampaignDispositions(Domain& domain, Dynamics& dynamics,
                                            std::string_view name,
                                            const std::vector<std::string>& dispositions) {
  const int id = domain.FindCampaign(name);
  if (id < 0) return NotFound(name);
  const Campaign& c = domain.campaigns[id];
  if (c.state != CampaignState::kNotRunning) {
    return tl::unexpected(ModelFault{"WrongCampaignStateFault",
                                     {{"actualState", CampaignStateName(c.state)},
                                      {"campaignName", c.name},
                                      {"desiredState", "NOT_RUNNING"}},
                                     "Campaign '" + c.name + "' must be NOT_RUNNING"});
  }
  std::vector<int> indexes;
  for (const std::string& d : dispositions) {
    int found = -1;
    for (size_t i = 0; i < domain.dispositions.size(); ++i) {
      if (domain.dispositions[i] == d) found = static_cast<int>(i);
    }
    if (found < 0) {
      return tl::unexpected(ModelFault{"DispositionNotFoundFault",
                                       {{"dispositionName", d}},
                                       "Disposition '" + d + "' not found"});
    }
    indexes.push_back(found);
  }
  if (c.type == CampaignType::kInbound) return {};
  for (int index : indexes) dynamics.ResetDisposition(id, index);
  return {};
}

}  // namespace five9sim
