#pragma once
// Domain: the plain state of the simulated contact center (agents, skills, campaigns, queues,
// today's counters) plus the dirty marks the tables read. No behaviour beyond bookkeeping:
// dynamics.h changes it, statistic_tables.h reads it.
//
// Ownership: owned by ContactCenter; not thread-safe (guarded by ContactCenter's mutex).
// Object ids are indexes into the vectors and are never reused (a removed agent keeps its
// slot with `removed` set), so journal entries can name objects by id.

#include <cstdint>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "simulator/model/domain_spec.h"

namespace five9sim {

enum class AgentState { kLoggedOut, kReady, kNotReady, kOnCall, kAfterCallWork };
enum class CampaignType { kInbound, kOutbound, kAutodial };
enum class CampaignState { kNotRunning, kStarting, kRunning, kStopping, kResetting };
enum class CallKind { kNone, kInbound, kOutbound, kManual };

// Wire spellings.
const char* AgentStateName(AgentState state);        // "Not Ready"
const char* CampaignTypeName(CampaignType type);     // "OUTBOUND"
const char* CampaignStateName(CampaignState state);  // "NOT_RUNNING"

// Ids of objects whose rows may have changed since the last table refresh, in marking order.
class DirtySet {
 public:
  void Mark(int id) {
    if (id >= static_cast<int>(flags_.size())) flags_.resize(id + 1, 0);
    if (!flags_[id]) {
      flags_[id] = 1;
      ids_.push_back(id);
    }
  }
  const std::vector<int>& ids() const { return ids_; }
  void Clear() {
    for (int id : ids_) flags_[id] = 0;
    ids_.clear();
  }

 private:
  std::vector<char> flags_;
  std::vector<int> ids_;
};

struct Agent {
  std::string username;
  std::string full_name;
  bool removed = false;
  std::vector<int> skills;     // skill ids
  std::vector<int> campaigns;  // campaigns the agent counts in (inbound via skills, outbound)
  int outbound_campaign = -1;  // outbound campaign the agent takes dialer calls from

  AgentState state = AgentState::kLoggedOut;
  int64_t state_since_ms = 0;
  std::string reason;  // Not Ready reason code; "" otherwise
  int64_t reason_since_ms = 0;
  int64_t next_event_ms = 0;  // the current state's timer

  // The current call (On Call / After Call Work).
  CallKind call_kind = CallKind::kNone;
  int call_campaign = -1;
  int call_skill = -1;
  int64_t call_start_ms = 0;
  int64_t hold_start_ms = -1;  // planned hold start, -1 = no hold this call
  int64_t hold_length_ms = 0;
  bool holding = false;
  int64_t hold_done_ms = 0;  // hold time already spent on this call
  int64_t talk_end_ms = 0;
  int64_t call_talk_ms = 0;  // set when the call enters After Call Work

  // Today's counters (AgentStatistics).
  int64_t total_calls = 0, inbound_calls = 0, manual_calls = 0, first_call_resolutions = 0;
  int64_t talk_ms = 0, hold_ms = 0, wrap_ms = 0;
  int64_t idle_ms = 0, idle_periods = 0, not_ready_ms = 0, not_ready_periods = 0;
  int64_t on_call_ms = 0;
  std::vector<int64_t> disposition_counts;  // by disposition index
};

struct QueuedCall {
  int64_t arrived_ms = 0;
  int64_t gives_up_ms = 0;  // caller's patience
};

struct Skill {
  int64_t wire_id = 0;  // wsSkill.id
  std::string name;
  int inbound_campaign = -1;
  std::deque<QueuedCall> queue;
  // Agents ready for this skill ordered by (ready since, id): the longest idle answers first.
  std::set<std::pair<int64_t, int>> ready;
  int64_t logged_in = 0, not_ready = 0, on_call = 0, after_call = 0;
  int64_t longest_queue_ms = 0, queue_callbacks = 0, total_vms = 0, vms_in_queue = 0;
};

struct Campaign {
  std::string name;
  CampaignType type = CampaignType::kInbound;
  CampaignState state = CampaignState::kNotRunning;
  int64_t state_since_ms = 0;
  int64_t transition_at_ms = 0;  // when STARTING/STOPPING/RESETTING ends
  std::string mode;              // "BASIC" / "ADVANCED"
  std::string dialing_mode;      // outbound: "PREDICTIVE", "PROGRESSIVE", "POWER", "PREVIEW"
  // Agents ready for dialer calls (outbound), ordered like Skill::ready.
  std::set<std::pair<int64_t, int>> ready;
  int64_t logged_in = 0, active = 0, on_call = 0;
  // Calling list (outbound/autodial).
  int64_t list_size = 0, records_remaining = 0, records_dialed = 0;
  std::vector<int64_t> disposition_counts;  // finalised records by disposition index
  // Today's counters.
  int64_t calls = 0, answered = 0, abandoned = 0, answered_in_sl = 0, in_queue = 0;
  int64_t dialed = 0, connected = 0, machine = 0, no_answer = 0, busy = 0, lines_in_use = 0;
  int64_t speed_of_answer_ms = 0, talk_ms = 0, wrap_ms = 0, handled = 0, longest_queue_ms = 0;
};

struct Domain {
  DomainSpec spec;
  std::mt19937_64 rng;
  int64_t start_ms = 0;
  int64_t now_ms = 0;      // time of the last tick
  int64_t tick_index = 0;  // ticks run so far

  std::vector<Agent> agents;
  std::unordered_map<std::string, int> agent_by_name;  // live agents only
  std::vector<Skill> skills;
  std::vector<Campaign> campaigns;
  std::vector<std::string> dispositions;
  std::vector<int> agent_dispositions;  // indexes agents pick in wrap-up

  DirtySet dirty_agents, dirty_skills, dirty_campaigns;

  int FindCampaign(std::string_view name) const {
    for (size_t i = 0; i < campaigns.size(); ++i) {
      if (campaigns[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  int FindAgent(std::string_view name) const {
    auto it = agent_by_name.find(std::string(name));
    return it == agent_by_name.end() ? -1 : it->second;
  }
};

}  // namespace five9sim
