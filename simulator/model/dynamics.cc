#include "simulator/model/dynamics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <utility>

namespace five9sim {
namespace {

// Behaviour constants (means): a plausible day of a contact center, tuned so a busy domain
// yields hundreds of cell updates per second.
constexpr double kTalkMeanMs = 150'000;
constexpr double kHoldProbability = 0.25;
constexpr double kHoldMeanMs = 40'000;
constexpr double kWrapMeanMs = 25'000;
constexpr double kReadyDwellMeanMs = 8 * 60'000;
constexpr double kNotReadyMeanMs = 4 * 60'000;
constexpr double kLoggedOutMeanMs = 20 * 60'000;
constexpr double kPatienceMeanMs = 120'000;
constexpr int64_t kServiceLevelMs = 20'000;
constexpr double kOutboundAttemptEveryMs = 12'000;  // per Ready agent of the campaign
constexpr double kAutodialAttemptEveryMs = 20'000;  // per line
constexpr int64_t kStopTransitionMs = 3'000;

constexpr std::array<const char*, 6> kReasonCodes = {"Break",    "Lunch",    "Meeting",
                                                     "Training", "Personal", "Coaching"};

bool IsRunning(const Campaign& c) { return c.state == CampaignState::kRunning; }

}  // namespace

double Dynamics::Uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(d_.rng); }

int64_t Dynamics::ExpMs(double mean_ms, int64_t min_ms) {
  const double value = std::exponential_distribution<double>(1.0 / mean_ms)(d_.rng);
  return std::max<int64_t>(min_ms, static_cast<int64_t>(value));
}

int64_t Dynamics::Poisson(double mean) {
  if (mean <= 0) return 0;
  return std::poisson_distribution<int64_t>(mean)(d_.rng);
}

int Dynamics::DispositionIndex(std::string_view name) const {
  for (size_t i = 0; i < d_.dispositions.size(); ++i) {
    if (d_.dispositions[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void Dynamics::MarkAgent(int agent) {
  const Agent& a = d_.agents[agent];
  d_.dirty_agents.Mark(agent);
  for (int s : a.skills) d_.dirty_skills.Mark(s);
  for (int c : a.campaigns) d_.dirty_campaigns.Mark(c);
  if (a.call_campaign >= 0) d_.dirty_campaigns.Mark(a.call_campaign);
}

void Dynamics::CountAgent(int agent, int sign) {
  const Agent& a = d_.agents[agent];
  if (a.state == AgentState::kLoggedOut) return;
  for (int s : a.skills) {
    Skill& skill = d_.skills[s];
    skill.logged_in += sign;
    if (a.state == AgentState::kNotReady) skill.not_ready += sign;
    if (a.state == AgentState::kOnCall) skill.on_call += sign;
    if (a.state == AgentState::kAfterCallWork) skill.after_call += sign;
  }
  for (int c : a.campaigns) {
    Campaign& campaign = d_.campaigns[c];
    campaign.logged_in += sign;
    if (a.state != AgentState::kNotReady) campaign.active += sign;
  }
  if (a.call_campaign >= 0 &&
      (a.state == AgentState::kOnCall || a.state == AgentState::kAfterCallWork)) {
    d_.campaigns[a.call_campaign].on_call += sign;
  }
}

void Dynamics::SetAgentState(int agent, AgentState state, int64_t now_ms) {
  Agent& a = d_.agents[agent];
  MarkAgent(agent);  // before: the old call campaign's row changes too
  const int64_t spent = std::max<int64_t>(0, now_ms - a.state_since_ms);
  switch (a.state) {
    case AgentState::kReady:
      a.idle_ms += spent;
      ++a.idle_periods;
      for (int s : a.skills) d_.skills[s].ready.erase({a.state_since_ms, agent});
      if (a.outbound_campaign >= 0) {
        d_.campaigns[a.outbound_campaign].ready.erase({a.state_since_ms, agent});
      }
      break;
    case AgentState::kNotReady:
      a.not_ready_ms += spent;
      ++a.not_ready_periods;
      break;
    case AgentState::kOnCall:
      a.on_call_ms += spent;
      break;
    default:
      break;
  }
  CountAgent(agent, -1);
  a.state = state;
  a.state_since_ms = now_ms;
  if (state != AgentState::kOnCall && state != AgentState::kAfterCallWork) {
    a.call_kind = CallKind::kNone;
    a.call_campaign = -1;
    a.call_skill = -1;
    a.holding = false;
    a.hold_start_ms = -1;
    a.hold_done_ms = 0;
  }
  if (state != AgentState::kNotReady) a.reason.clear();
  CountAgent(agent, +1);
  if (state == AgentState::kReady) {
    for (int s : a.skills) d_.skills[s].ready.insert({now_ms, agent});
    if (a.outbound_campaign >= 0) d_.campaigns[a.outbound_campaign].ready.insert({now_ms, agent});
  }
  MarkAgent(agent);
}

void Dynamics::SetCampaignState(int campaign, CampaignState state, int64_t now_ms,
                                int64_t transition_ms) {
  Campaign& c = d_.campaigns[campaign];
  c.state = state;
  c.state_since_ms = now_ms;
  c.transition_at_ms = transition_ms > 0 ? now_ms + transition_ms : 0;
  if (state != CampaignState::kRunning) c.lines_in_use = 0;
  d_.dirty_campaigns.Mark(campaign);
}

void Dynamics::GoReady(int agent, int64_t now_ms) {
  SetAgentState(agent, AgentState::kReady, now_ms);
  d_.agents[agent].next_event_ms = now_ms + ExpMs(kReadyDwellMeanMs, 10'000);
}

void Dynamics::GoNotReady(int agent, int64_t now_ms) {
  const size_t pick = static_cast<size_t>(Uniform() * kReasonCodes.size()) % kReasonCodes.size();
  SetAgentState(agent, AgentState::kNotReady, now_ms);
  Agent& a = d_.agents[agent];
  a.reason = kReasonCodes[pick];
  a.reason_since_ms = now_ms;
  a.next_event_ms = now_ms + ExpMs(kNotReadyMeanMs, 10'000);
}

void Dynamics::StartCall(int agent, CallKind kind, int campaign, int skill, int64_t now_ms) {
  Agent& a = d_.agents[agent];
  const int64_t talk = ExpMs(kTalkMeanMs, 10'000);
  const bool hold = Uniform() < kHoldProbability;
  const double hold_at = 0.2 + 0.4 * Uniform();
  const int64_t hold_length = ExpMs(kHoldMeanMs, 5'000);
  // Leaving Ready first keeps the ready-set keys and counts consistent; then the call.
  a.call_kind = kind;
  a.call_campaign = campaign;
  a.call_skill = skill;
  SetAgentState(agent, AgentState::kOnCall, now_ms);
  a.call_start_ms = now_ms;
  a.holding = false;
  a.hold_done_ms = 0;
  a.hold_start_ms = hold ? now_ms + static_cast<int64_t>(talk * hold_at) : -1;
  a.hold_length_ms = hold ? hold_length : 0;
  a.talk_end_ms = now_ms + talk + a.hold_length_ms;
  a.next_event_ms = hold ? a.hold_start_ms : a.talk_end_ms;
}

void Dynamics::FinishCall(int agent, int64_t now_ms) {
  Agent& a = d_.agents[agent];
  const int64_t wrap = std::max<int64_t>(0, now_ms - a.state_since_ms);
  const int index =
      d_.agent_dispositions[static_cast<size_t>(Uniform() * d_.agent_dispositions.size()) %
                            d_.agent_dispositions.size()];
  a.disposition_counts.resize(d_.dispositions.size(), 0);
  ++a.disposition_counts[index];
  ++a.total_calls;
  if (a.call_kind == CallKind::kInbound) ++a.inbound_calls;
  if (a.call_kind == CallKind::kManual) ++a.manual_calls;
  if (d_.dispositions[index] != "Callback") ++a.first_call_resolutions;
  a.talk_ms += a.call_talk_ms;
  a.hold_ms += a.hold_done_ms;
  a.wrap_ms += wrap;
  if (a.call_campaign >= 0) {
    Campaign& c = d_.campaigns[a.call_campaign];
    ++c.handled;
    c.talk_ms += a.call_talk_ms;
    c.wrap_ms += wrap;
    if (c.type != CampaignType::kInbound) {
      c.disposition_counts.resize(d_.dispositions.size(), 0);
      ++c.disposition_counts[index];
    }
    d_.dirty_campaigns.Mark(a.call_campaign);
  }
}

void Dynamics::OnAgentTimer(int agent, int64_t now_ms) {
  Agent& a = d_.agents[agent];
  switch (a.state) {
    case AgentState::kLoggedOut:
      GoReady(agent, now_ms);
      break;
    case AgentState::kReady: {
      const double r = Uniform();
      if (r < 0.03) {
        SetAgentState(agent, AgentState::kLoggedOut, now_ms);
        a.next_event_ms = now_ms + ExpMs(kLoggedOutMeanMs, 60'000);
      } else if (r < 0.13) {
        StartCall(agent, CallKind::kManual, -1, -1, now_ms);
      } else {
        GoNotReady(agent, now_ms);
      }
      break;
    }
    case AgentState::kNotReady:
      if (Uniform() < 0.04) {
        SetAgentState(agent, AgentState::kLoggedOut, now_ms);
        a.next_event_ms = now_ms + ExpMs(kLoggedOutMeanMs, 60'000);
      } else {
        GoReady(agent, now_ms);
      }
      break;
    case AgentState::kOnCall:
      if (a.holding) {
        a.hold_done_ms = now_ms - a.hold_start_ms;
        a.holding = false;
        a.hold_start_ms = -1;
        a.talk_end_ms = std::max(a.talk_end_ms, now_ms + 1);
        a.next_event_ms = a.talk_end_ms;
        MarkAgent(agent);
      } else if (a.hold_start_ms >= 0 && now_ms >= a.hold_start_ms) {
        a.holding = true;
        a.hold_start_ms = now_ms;
        a.next_event_ms = now_ms + a.hold_length_ms;
        MarkAgent(agent);
      } else if (now_ms >= a.talk_end_ms) {
        a.call_talk_ms = std::max<int64_t>(0, now_ms - a.call_start_ms - a.hold_done_ms);
        SetAgentState(agent, AgentState::kAfterCallWork, now_ms);
        a.next_event_ms = now_ms + ExpMs(kWrapMeanMs, 3'000);
      } else {
        a.next_event_ms = a.talk_end_ms;
      }
      break;
    case AgentState::kAfterCallWork:
      FinishCall(agent, now_ms);
      if (Uniform() < 0.1) {
        GoNotReady(agent, now_ms);
      } else {
        GoReady(agent, now_ms);
      }
      break;
  }
}

void Dynamics::Begin(int64_t start_ms) {
  d_.now_ms = start_ms;
  for (size_t i = 0; i < d_.agents.size(); ++i) {
    const int id = static_cast<int>(i);
    Agent& a = d_.agents[i];
    a.disposition_counts.assign(d_.dispositions.size(), 0);
    a.state_since_ms = start_ms - static_cast<int64_t>(Uniform() * 3 * 3'600'000);
    if (Uniform() < 0.15) {
      a.next_event_ms = start_ms + ExpMs(15 * 60'000, 1'000);
      continue;
    }
    // Today so far: a few calls already handled.
    const int64_t calls = static_cast<int64_t>(Uniform() * 13);
    a.total_calls = calls;
    a.inbound_calls = calls - calls / 4;
    a.manual_calls = calls / 8;
    a.first_call_resolutions = calls - calls / 5;
    a.talk_ms = calls * (100'000 + static_cast<int64_t>(Uniform() * 100'000));
    a.hold_ms = calls * static_cast<int64_t>(Uniform() * 15'000);
    a.wrap_ms = calls * (15'000 + static_cast<int64_t>(Uniform() * 20'000));
    a.on_call_ms = a.talk_ms + a.hold_ms;
    a.idle_periods = calls + 1;
    a.idle_ms = a.idle_periods * static_cast<int64_t>(30'000 + Uniform() * 200'000);
    a.not_ready_periods = calls / 3;
    a.not_ready_ms = a.not_ready_periods * static_cast<int64_t>(60'000 + Uniform() * 300'000);
    for (int64_t k = 0; k < calls; ++k) {
      ++a.disposition_counts[d_.agent_dispositions[static_cast<size_t>(
                                                       Uniform() * d_.agent_dispositions.size()) %
                                                   d_.agent_dispositions.size()]];
    }
    const int64_t since = start_ms - static_cast<int64_t>(Uniform() * 30 * 60'000);
    if (Uniform() < 0.65) {
      GoReady(id, since);
    } else {
      GoNotReady(id, since);
    }
    a.next_event_ms = std::max(a.next_event_ms, start_ms);
  }
}

void Dynamics::Tick(int64_t now_ms) {
  d_.now_ms = now_ms;
  ++d_.tick_index;
  AdvanceCampaigns(now_ms);
  ArriveAndAbandon(now_ms);
  for (size_t i = 0; i < d_.agents.size(); ++i) {
    if (!d_.agents[i].removed && d_.agents[i].next_event_ms <= now_ms) {
      OnAgentTimer(static_cast<int>(i), now_ms);
    }
  }
  DispatchInbound(now_ms);
  DialOutbound(now_ms);
  DialAutodial(now_ms);
  RefreshDurations();
}

void Dynamics::AdvanceCampaigns(int64_t now_ms) {
  for (size_t i = 0; i < d_.campaigns.size(); ++i) {
    Campaign& c = d_.campaigns[i];
    if (c.transition_at_ms == 0 || now_ms < c.transition_at_ms) continue;
    const int id = static_cast<int>(i);
    switch (c.state) {
      case CampaignState::kStarting:
        SetCampaignState(id, CampaignState::kRunning, now_ms, 0);
        break;
      case CampaignState::kStopping:
        SetCampaignState(id, CampaignState::kNotRunning, now_ms, 0);
        break;
      case CampaignState::kResetting:
        RefillList(id);
        SetCampaignState(id, CampaignState::kNotRunning, now_ms, 0);
        break;
      default:
        c.transition_at_ms = 0;
        break;
    }
  }
}

void Dynamics::ArriveAndAbandon(int64_t now_ms) {
  const double per_tick = d_.spec.calls_per_skill_per_minute * d_.spec.tick_ms / 60'000.0;
  for (size_t s = 0; s < d_.skills.size(); ++s) {
    Skill& skill = d_.skills[s];
    const int c = skill.inbound_campaign;
    if (c >= 0 && IsRunning(d_.campaigns[c])) {
      const int64_t arrivals = Poisson(per_tick);
      for (int64_t k = 0; k < arrivals; ++k) {
        skill.queue.push_back({now_ms, now_ms + ExpMs(kPatienceMeanMs, 5'000)});
        ++d_.campaigns[c].calls;
        ++d_.campaigns[c].in_queue;
      }
      if (arrivals > 0) {
        d_.dirty_skills.Mark(static_cast<int>(s));
        d_.dirty_campaigns.Mark(c);
      }
    }
    for (auto it = skill.queue.begin(); it != skill.queue.end();) {
      if (it->gives_up_ms > now_ms) {
        ++it;
        continue;
      }
      const int64_t waited = now_ms - it->arrived_ms;
      skill.longest_queue_ms = std::max(skill.longest_queue_ms, waited);
      if (Uniform() < 0.1) ++skill.queue_callbacks;
      if (Uniform() < 0.05) {
        ++skill.total_vms;
        ++skill.vms_in_queue;
      }
      if (c >= 0) {
        Campaign& campaign = d_.campaigns[c];
        ++campaign.abandoned;
        --campaign.in_queue;
        campaign.longest_queue_ms = std::max(campaign.longest_queue_ms, waited);
        d_.dirty_campaigns.Mark(c);
      }
      it = skill.queue.erase(it);
    }
    // Callbacks and voicemails are worked off slowly by people outside the model.
    if (skill.queue_callbacks > 0 && Uniform() < d_.spec.tick_ms / 180'000.0) {
      --skill.queue_callbacks;
    }
    if (skill.vms_in_queue > 0 && Uniform() < d_.spec.tick_ms / 120'000.0) --skill.vms_in_queue;
    // Current Longest Queue Time moves while anyone waits.
    d_.dirty_skills.Mark(static_cast<int>(s));
  }
}

void Dynamics::DispatchInbound(int64_t now_ms) {
  for (size_t s = 0; s < d_.skills.size(); ++s) {
    Skill& skill = d_.skills[s];
    while (!skill.queue.empty() && !skill.ready.empty()) {
      const int agent = skill.ready.begin()->second;
      const QueuedCall call = skill.queue.front();
      skill.queue.pop_front();
      const int64_t waited = now_ms - call.arrived_ms;
      skill.longest_queue_ms = std::max(skill.longest_queue_ms, waited);
      const int c = skill.inbound_campaign;
      if (c >= 0) {
        Campaign& campaign = d_.campaigns[c];
        ++campaign.answered;
        --campaign.in_queue;
        campaign.speed_of_answer_ms += waited;
        if (waited <= kServiceLevelMs) ++campaign.answered_in_sl;
        campaign.longest_queue_ms = std::max(campaign.longest_queue_ms, waited);
      }
      StartCall(agent, CallKind::kInbound, c, static_cast<int>(s), now_ms);
    }
  }
}

void Dynamics::DialOutbound(int64_t now_ms) {
  const int no_answer = DispositionIndex("No Answer");
  const int busy = DispositionIndex("Busy");
  const int machine = DispositionIndex("Answering Machine");
  for (size_t i = 0; i < d_.campaigns.size(); ++i) {
    Campaign& c = d_.campaigns[i];
    if (c.type != CampaignType::kOutbound || !IsRunning(c)) continue;
    const int id = static_cast<int>(i);
    if (c.records_remaining <= 0) {
      SetCampaignState(id, CampaignState::kStopping, now_ms, kStopTransitionMs);
      continue;
    }
    const int64_t attempts =
        Poisson(static_cast<double>(c.ready.size()) * d_.spec.tick_ms / kOutboundAttemptEveryMs);
    c.disposition_counts.resize(d_.dispositions.size(), 0);
    for (int64_t k = 0; k < attempts && c.records_remaining > 0; ++k) {
      --c.records_remaining;
      ++c.records_dialed;
      ++c.dialed;
      ++c.calls;
      const double r = Uniform();
      if (r < 0.45) {
        if (c.ready.empty()) {
          ++c.abandoned;  // the dialer connected a customer and had nobody to give them to
        } else {
          ++c.connected;
          StartCall(c.ready.begin()->second, CallKind::kOutbound, id, -1, now_ms);
        }
      } else if (r < 0.7) {
        ++c.no_answer;
        if (no_answer >= 0) ++c.disposition_counts[no_answer];
      } else if (r < 0.85) {
        ++c.machine;
        if (machine >= 0) ++c.disposition_counts[machine];
      } else {
        ++c.busy;
        if (busy >= 0) ++c.disposition_counts[busy];
      }
    }
    if (attempts > 0) d_.dirty_campaigns.Mark(id);
  }
}

void Dynamics::DialAutodial(int64_t now_ms) {
  const int no_answer = DispositionIndex("No Answer");
  const int busy = DispositionIndex("Busy");
  const int machine = DispositionIndex("Answering Machine");
  const int done = DispositionIndex("No Disposition");
  for (size_t i = 0; i < d_.campaigns.size(); ++i) {
    Campaign& c = d_.campaigns[i];
    if (c.type != CampaignType::kAutodial || !IsRunning(c)) continue;
    const int id = static_cast<int>(i);
    if (c.records_remaining <= 0) {
      SetCampaignState(id, CampaignState::kStopping, now_ms, kStopTransitionMs);
      continue;
    }
    c.lines_in_use = std::min<int64_t>(c.records_remaining, Poisson(20.0));
    const int64_t attempts =
        Poisson(static_cast<double>(c.lines_in_use) * d_.spec.tick_ms / kAutodialAttemptEveryMs);
    c.disposition_counts.resize(d_.dispositions.size(), 0);
    for (int64_t k = 0; k < attempts && c.records_remaining > 0; ++k) {
      --c.records_remaining;
      ++c.records_dialed;
      ++c.dialed;
      ++c.calls;
      const double r = Uniform();
      int disposition = -1;
      if (r < 0.4) {
        ++c.answered;
        ++c.handled;
        c.talk_ms += ExpMs(30'000, 5'000);
        disposition = done;
      } else if (r < 0.65) {
        ++c.machine;
        disposition = machine;
      } else if (r < 0.9) {
        ++c.no_answer;
        disposition = no_answer;
      } else {
        ++c.busy;
        disposition = busy;
      }
      if (disposition >= 0) ++c.disposition_counts[disposition];
    }
    d_.dirty_campaigns.Mark(id);
  }
}

void Dynamics::RefreshDurations() {
  const int64_t every =
      std::max<int64_t>(1, d_.spec.duration_refresh_ms / std::max<int64_t>(1, d_.spec.tick_ms));
  const size_t phase = static_cast<size_t>(d_.tick_index % every);
  for (size_t i = phase; i < d_.agents.size(); i += static_cast<size_t>(every)) {
    if (!d_.agents[i].removed) d_.dirty_agents.Mark(static_cast<int>(i));
  }
}

int Dynamics::AddAgent(std::string username, std::string full_name, int64_t now_ms) {
  Agent a;
  a.username = std::move(username);
  a.full_name = std::move(full_name);
  if (!d_.skills.empty()) {
    const int s = static_cast<int>(Uniform() * d_.skills.size()) % d_.skills.size();
    a.skills.push_back(s);
    if (d_.skills[s].inbound_campaign >= 0) a.campaigns.push_back(d_.skills[s].inbound_campaign);
  }
  a.state_since_ms = now_ms;
  a.next_event_ms = now_ms + ExpMs(2 * 60'000, 1'000);
  a.disposition_counts.assign(d_.dispositions.size(), 0);
  const int id = static_cast<int>(d_.agents.size());
  d_.agent_by_name[a.username] = id;
  d_.agents.push_back(std::move(a));
  d_.dirty_agents.Mark(id);
  return id;
}

void Dynamics::RemoveAgent(int agent, int64_t now_ms) {
  SetAgentState(agent, AgentState::kLoggedOut, now_ms);
  Agent& a = d_.agents[agent];
  a.removed = true;
  d_.agent_by_name.erase(a.username);
  d_.dirty_agents.Mark(agent);
}

void Dynamics::RefillList(int campaign) {
  Campaign& c = d_.campaigns[campaign];
  c.records_remaining = c.list_size;
  c.records_dialed = 0;
  std::fill(c.disposition_counts.begin(), c.disposition_counts.end(), 0);
  d_.dirty_campaigns.Mark(campaign);
}

void Dynamics::ResetDisposition(int campaign, int disposition) {
  Campaign& c = d_.campaigns[campaign];
  c.disposition_counts.resize(d_.dispositions.size(), 0);
  const int64_t records = c.disposition_counts[disposition];
  c.disposition_counts[disposition] = 0;
  c.records_remaining = std::min(c.list_size, c.records_remaining + records);
  c.records_dialed = std::max<int64_t>(0, c.records_dialed - records);
  d_.dirty_campaigns.Mark(campaign);
}

void Dynamics::AddDisposition(std::string name) {
  d_.dispositions.push_back(std::move(name));
  d_.agent_dispositions.push_back(static_cast<int>(d_.dispositions.size()) - 1);
  // No dirty marks: the tables rebuild AgentStatistics silently for a column change.
  for (Agent& a : d_.agents) a.disposition_counts.resize(d_.dispositions.size(), 0);
}

}  // namespace five9sim
