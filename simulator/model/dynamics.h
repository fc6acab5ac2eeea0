#pragma once
// Dynamics: what happens in the contact center tick by tick. Calls arrive per skill (Poisson),
// queue, are answered by the longest-idle Ready agent having the skill, talk, hold, wrap up
// with a disposition; outbound campaigns dial for their Ready agents, autodial campaigns dial
// on their own; agents log in and out, go Not Ready with reason codes; campaigns finish their
// STARTING/STOPPING/RESETTING transitions. Every change marks the touched rows dirty.
//
// Ownership: borrows the Domain (owned by ContactCenter), which must outlive it. Not
// thread-safe (guarded by ContactCenter's mutex). All randomness comes from Domain::rng, so a
// seed and a sequence of calls give the same domain.

#include <cstdint>
#include <string>

#include "simulator/model/domain.h"

namespace five9sim {

class Dynamics {
 public:
  explicit Dynamics(Domain& domain) : d_(domain) {}

  // Places the generated agents in their start-of-simulation states (back-dated), with a
  // plausible history of today's counters.
  void Begin(int64_t start_ms);
  // Runs one tick at `now_ms`.
  void Tick(int64_t now_ms);

  // Moves an agent to `state` at `now_ms`, keeping per-skill/per-campaign counts, ready sets,
  // accumulated durations and dirty marks right.
  void SetAgentState(int agent, AgentState state, int64_t now_ms);
  // Moves a campaign to `state`; `transition_ms` > 0 schedules the end of a transient state.
  void SetCampaignState(int campaign, CampaignState state, int64_t now_ms, int64_t transition_ms);
  // Adds a Logged Out agent with one random skill; returns its id.
  int AddAgent(std::string username, std::string full_name, int64_t now_ms);
  // Logs the agent out (its call, if any, ends) and marks it removed.
  void RemoveAgent(int agent, int64_t now_ms);
  // Refills a campaign's calling list (resetCampaign).
  void RefillList(int campaign);
  // Makes the records of one disposition dialable again (resetCampaignDispositions).
  void ResetDisposition(int campaign, int disposition);
  // Adds a disposition (index = dispositions.size() before the call); agents may pick it.
  void AddDisposition(std::string name);

 private:
  double Uniform();
  int64_t ExpMs(double mean_ms, int64_t min_ms);
  int64_t Poisson(double mean);
  int DispositionIndex(std::string_view name) const;

  void CountAgent(int agent, int sign);
  void MarkAgent(int agent);
  void StartCall(int agent, CallKind kind, int campaign, int skill, int64_t now_ms);
  void FinishCall(int agent, int64_t now_ms);
  void GoNotReady(int agent, int64_t now_ms);
  void GoReady(int agent, int64_t now_ms);
  void OnAgentTimer(int agent, int64_t now_ms);

  void AdvanceCampaigns(int64_t now_ms);
  void ArriveAndAbandon(int64_t now_ms);
  void DispatchInbound(int64_t now_ms);
  void DialOutbound(int64_t now_ms);
  void DialAutodial(int64_t now_ms);
  void RefreshDurations();

  Domain& d_;
};

}  // namespace five9sim
