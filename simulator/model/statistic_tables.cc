#include "simulator/model/statistic_tables.h"

#include <algorithm>

#include "simulator/model/value_format.h"

namespace five9sim {
namespace {

using five9exp::CellValue;
using five9exp::StatisticType;

size_t Index(StatisticType type) { return static_cast<size_t>(type); }

// Production column names (FIELD-NOTES.md) for the agent and ACD types; a plausible set for the
// campaign types (only `Campaign Name` is publicly known there).
const std::vector<std::string>& FixedColumns(StatisticType type) {
  static const std::array<std::vector<std::string>, kTypeCount> kColumns = {{
      // AgentState
      {"Username", "Full Name", "State", "State Since", "State Duration", "Reason Code",
       "Reason Since", "Reason Duration", "Call Type", "Campaign Name", "Customer",
       "Media Availability", "On Hold Duration", "Not Ready State Duration",
       "On Call State Duration"},
      // AgentStatistics (+ one column per disposition)
      {"Username", "Full Name", "Total Calls", "First Call Resolution", "Avg Call Time",
       "Avg Talk Time", "Avg Handle Time", "Avg Hold Time", "Avg Idle Time", "Avg Not Ready Time",
       "Avg Wrap Time", "Total Inbound Calls", "Total Manual Calls"},
      // ACDStatus
      {"Skill Name", "Agents Logged In", "Agents Not Ready For Calls", "Agents On Call",
       "Agents Ready For Calls", "Agents Ready For VMs", "Calls In Queue",
       "Calls In Queue (Visual IVR)", "Current Longest Queue Time", "Longest Queue Time",
       "Queue Callbacks", "Total VMs", "VMs In Progress", "VMs In Queue"},
      // CampaignState
      {"Campaign Name", "State", "State Since", "Campaign Type", "Mode"},
      // OutboundCampaignManager
      {"Campaign Name", "Dialing Mode", "Agents Logged In", "Agents Ready For Calls",
       "Calls In Progress", "Lines Per Agent", "Records Dialed", "Records Remaining",
       "Dialing Progress", "Abandon Rate"},
      // OutboundCampaignStatistics
      {"Campaign Name", "Agents Logged In", "Calls Dialed", "Calls Connected", "Calls Abandoned",
       "Abandon Rate", "No Answer", "Busy", "Answering Machine", "Avg Talk Time", "Avg Wrap Time",
       "Avg Handle Time", "Records Remaining", "Dialing Progress", "Service Level"},
      // InboundCampaignStatistics
      {"Campaign Name", "Agents Logged In", "Calls In Queue", "Total Calls", "Calls Answered",
       "Calls Abandoned", "Abandon Rate", "Service Level", "Avg Speed Of Answer", "Avg Talk Time",
       "Avg Handle Time", "Avg Wrap Time", "Longest Queue Time"},
      // AutodialCampaignStatistics
      {"Campaign Name", "Lines In Use", "Calls Dialed", "Calls Answered", "Answering Machine",
       "No Answer", "Busy", "Answer Rate", "Avg Call Time", "Records Remaining",
       "Dialing Progress"},
  }};
  return kColumns[Index(type)];
}

const char* CallTypeName(CallKind kind) {
  switch (kind) {
    case CallKind::kInbound:
      return "Inbound";
    case CallKind::kOutbound:
      return "Outbound";
    case CallKind::kManual:
      return "Manual";
    case CallKind::kNone:
      return "";
  }
  return "";
}

std::string LinesPerAgent(const std::string& dialing_mode) {
  if (dialing_mode == "PREDICTIVE") return "1.8";
  if (dialing_mode == "POWER") return "1.5";
  if (dialing_mode == "PROGRESSIVE") return "1.0";
  return "N/A";
}

std::string N(int64_t value) { return std::to_string(value); }

}  // namespace

StatisticTables::StatisticTables(const Domain& domain, int64_t now_ms) {
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    Table& table = tables_[Index(type)];
    table.columns = FixedColumns(type);
    if (type == StatisticType::kAgentStatistics) {
      for (const std::string& d : domain.dispositions) {
        if (std::find(table.columns.begin(), table.columns.end(), d) == table.columns.end()) {
          table.columns.push_back(d);
        }
      }
    }
    const size_t count =
        type == StatisticType::kAgentState || type == StatisticType::kAgentStatistics
            ? domain.agents.size()
        : type == StatisticType::kAcdStatus ? domain.skills.size()
                                            : domain.campaigns.size();
    TableBatch ignored;
    for (size_t id = 0; id < count; ++id) {
      RefreshObject(type, domain, static_cast<int>(id), now_ms, ignored);
    }
  }
}

const std::vector<std::string>& StatisticTables::Columns(StatisticType type) const {
  return tables_[Index(type)].columns;
}

int StatisticTables::ColumnIndex(StatisticType type, std::string_view column) const {
  const std::vector<std::string>& columns = tables_[Index(type)].columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

int StatisticTables::FindObject(StatisticType type, std::string_view name) const {
  const Table& table = tables_[Index(type)];
  for (size_t i = 0; i < table.rows.size(); ++i) {
    if (table.rows[i] && table.names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const std::string& StatisticTables::ObjectName(StatisticType type, uint32_t id) const {
  return tables_[Index(type)].names[id];
}

bool StatisticTables::Present(StatisticType type, const Domain& domain, int id) {
  switch (type) {
    case StatisticType::kAgentState:
    case StatisticType::kAgentStatistics:
      return !domain.agents[id].removed;
    case StatisticType::kAcdStatus:
      return true;
    case StatisticType::kCampaignState:
      return true;
    case StatisticType::kOutboundCampaignManager:
      // Five9 lists only running outbound campaigns here.
      return domain.campaigns[id].type == CampaignType::kOutbound &&
             domain.campaigns[id].state == CampaignState::kRunning;
    case StatisticType::kOutboundCampaignStatistics:
      return domain.campaigns[id].type == CampaignType::kOutbound;
    case StatisticType::kInboundCampaignStatistics:
      return domain.campaigns[id].type == CampaignType::kInbound;
    case StatisticType::kAutodialCampaignStatistics:
      return domain.campaigns[id].type == CampaignType::kAutodial;
  }
  return false;
}

void StatisticTables::BuildRow(StatisticType type, const Domain& domain, int id, int64_t now,
                               Row& row) const {
  row.clear();
  const int64_t zone = domain.spec.time_zone_offset_ms;
  auto campaign_name = [&](int c) { return c >= 0 ? domain.campaigns[c].name : std::string(); };
  switch (type) {
    case StatisticType::kAgentState: {
      const Agent& a = domain.agents[id];
      const bool out = a.state == AgentState::kLoggedOut;
      const bool not_ready = a.state == AgentState::kNotReady;
      const bool in_call = a.state == AgentState::kOnCall || a.state == AgentState::kAfterCallWork;
      row.push_back(a.username);
      row.push_back(a.full_name);
      row.push_back(AgentStateName(a.state));
      row.push_back(FormatWallClock(a.state_since_ms, zone));
      row.push_back(FormatMs(now - a.state_since_ms));
      // Reason columns: nil for a logged-out agent, empty unless Not Ready.
      row.push_back(out ? CellValue() : CellValue(not_ready ? a.reason : ""));
      row.push_back(out ? CellValue()
                        : CellValue(not_ready ? FormatWallClock(a.reason_since_ms, zone) : ""));
      row.push_back(out ? CellValue()
                        : CellValue(not_ready ? FormatMs(now - a.reason_since_ms) : "0"));
      row.push_back(in_call ? CallTypeName(a.call_kind) : "");
      row.push_back(in_call ? campaign_name(a.call_campaign) : "");
      row.push_back("");  // Customer: the model has no CRM records
      row.push_back(out ? "" : "Voice");
      row.push_back(
          FormatMs(in_call ? a.hold_done_ms + (a.holding ? now - a.hold_start_ms : 0) : 0));
      row.push_back(FormatMs(a.not_ready_ms + (not_ready ? now - a.state_since_ms : 0)));
      row.push_back(
          FormatMs(a.on_call_ms + (a.state == AgentState::kOnCall ? now - a.state_since_ms : 0)));
      break;
    }
    case StatisticType::kAgentStatistics: {
      const Agent& a = domain.agents[id];
      row.push_back(a.username);
      row.push_back(a.full_name);
      row.push_back(N(a.total_calls));
      row.push_back(N(a.first_call_resolutions));
      row.push_back(FormatAverageMs(a.talk_ms + a.hold_ms, a.total_calls));
      row.push_back(FormatAverageMs(a.talk_ms, a.total_calls));
      row.push_back(FormatAverageMs(a.talk_ms + a.hold_ms + a.wrap_ms, a.total_calls));
      row.push_back(FormatAverageMs(a.hold_ms, a.total_calls));
      row.push_back(FormatAverageMs(a.idle_ms, a.idle_periods));
      row.push_back(FormatAverageMs(a.not_ready_ms, a.not_ready_periods));
      row.push_back(FormatAverageMs(a.wrap_ms, a.total_calls));
      row.push_back(N(a.inbound_calls));
      row.push_back(N(a.manual_calls));
      // Disposition columns follow the table's columns (a disposition whose name clashes with a
      // fixed column has no column of its own).
      const std::vector<std::string>& columns = tables_[Index(type)].columns;
      for (size_t c = FixedColumns(type).size(); c < columns.size(); ++c) {
        int64_t count = 0;
        for (size_t d = 0; d < domain.dispositions.size(); ++d) {
          if (domain.dispositions[d] == columns[c]) {
            count = d < a.disposition_counts.size() ? a.disposition_counts[d] : 0;
            break;
          }
        }
        row.push_back(N(count));
      }
      break;
    }
    case StatisticType::kAcdStatus: {
      const Skill& s = domain.skills[id];
      const int64_t waiting = s.queue.empty() ? 0 : now - s.queue.front().arrived_ms;
      row.push_back(s.name);
      row.push_back(FormatPair(s.logged_in, s.logged_in - s.not_ready));
      row.push_back(N(s.not_ready));
      row.push_back(N(s.on_call));
      row.push_back(N(static_cast<int64_t>(s.ready.size())));
      row.push_back(N(static_cast<int64_t>(s.ready.size())));
      row.push_back(N(static_cast<int64_t>(s.queue.size())));
      row.push_back("0");
      row.push_back(FormatMs(waiting));
      row.push_back(FormatMs(std::max(s.longest_queue_ms, waiting)));
      row.push_back(N(s.queue_callbacks));
      row.push_back(N(s.total_vms));
      row.push_back("0");
      row.push_back(N(s.vms_in_queue));
      break;
    }
    case StatisticType::kCampaignState: {
      const Campaign& c = domain.campaigns[id];
      row.push_back(c.name);
      row.push_back(CampaignStateName(c.state));
      row.push_back(FormatWallClock(c.state_since_ms, zone));
      row.push_back(CampaignTypeName(c.type));
      row.push_back(c.mode);
      break;
    }
    case StatisticType::kOutboundCampaignManager: {
      const Campaign& c = domain.campaigns[id];
      row.push_back(c.name);
      row.push_back(c.dialing_mode);
      row.push_back(FormatPair(c.logged_in, c.active));
      row.push_back(N(static_cast<int64_t>(c.ready.size())));
      row.push_back(N(c.on_call));
      row.push_back(LinesPerAgent(c.dialing_mode));
      row.push_back(N(c.records_dialed));
      row.push_back(N(c.records_remaining));
      row.push_back(FormatPercent(c.list_size - c.records_remaining, c.list_size, "N/A"));
      row.push_back(FormatPercent(c.abandoned, c.connected + c.abandoned, "0.0%"));
      break;
    }
    case StatisticType::kOutboundCampaignStatistics: {
      const Campaign& c = domain.campaigns[id];
      row.push_back(c.name);
      row.push_back(FormatPair(c.logged_in, c.active));
      row.push_back(N(c.dialed));
      row.push_back(N(c.connected));
      row.push_back(N(c.abandoned));
      row.push_back(FormatPercent(c.abandoned, c.connected + c.abandoned, "0.0%"));
      row.push_back(N(c.no_answer));
      row.push_back(N(c.busy));
      row.push_back(N(c.machine));
      row.push_back(FormatAverageMs(c.talk_ms, c.handled));
      row.push_back(FormatAverageMs(c.wrap_ms, c.handled));
      row.push_back(FormatAverageMs(c.talk_ms + c.wrap_ms, c.handled));
      row.push_back(N(c.records_remaining));
      row.push_back(FormatPercent(c.list_size - c.records_remaining, c.list_size, "N/A"));
      row.push_back("-");  // no service level for outbound calls
      break;
    }
    case StatisticType::kInboundCampaignStatistics: {
      const Campaign& c = domain.campaigns[id];
      row.push_back(c.name);
      row.push_back(FormatPair(c.logged_in, c.active));
      row.push_back(N(c.in_queue));
      row.push_back(N(c.calls));
      row.push_back(N(c.answered));
      row.push_back(N(c.abandoned));
      row.push_back(FormatPercent(c.abandoned, c.answered + c.abandoned, "0.0%"));
      row.push_back(FormatPercent(c.answered_in_sl, c.answered, "N/A"));
      row.push_back(FormatAverageMs(c.speed_of_answer_ms, c.answered));
      row.push_back(FormatAverageMs(c.talk_ms, c.handled));
      row.push_back(FormatAverageMs(c.talk_ms + c.wrap_ms, c.handled));
      row.push_back(FormatAverageMs(c.wrap_ms, c.handled));
      row.push_back(FormatMs(c.longest_queue_ms));
      break;
    }
    case StatisticType::kAutodialCampaignStatistics: {
      const Campaign& c = domain.campaigns[id];
      row.push_back(c.name);
      row.push_back(N(c.lines_in_use));
      row.push_back(N(c.dialed));
      row.push_back(N(c.answered));
      row.push_back(N(c.machine));
      row.push_back(N(c.no_answer));
      row.push_back(N(c.busy));
      row.push_back(FormatPercent(c.answered, c.dialed, "N/A"));
      row.push_back(FormatAverageMs(c.talk_ms, c.answered));
      row.push_back(N(c.records_remaining));
      row.push_back(FormatPercent(c.list_size - c.records_remaining, c.list_size, "N/A"));
      break;
    }
  }
  const Table& table = tables_[Index(type)];
  for (auto it = table.overrides.lower_bound({id, 0});
       it != table.overrides.end() && it->first.first == id; ++it) {
    if (it->first.second < static_cast<int>(row.size())) row[it->first.second] = it->second;
  }
}

void StatisticTables::RefreshObject(StatisticType type, const Domain& domain, int id,
                                    int64_t now_ms, TableBatch& batch) {
  Table& table = tables_[Index(type)];
  if (id >= static_cast<int>(table.rows.size())) {
    table.rows.resize(id + 1);
    table.names.resize(id + 1);
  }
  std::optional<Row>& stored = table.rows[id];
  const uint32_t object = static_cast<uint32_t>(id);
  if (!Present(type, domain, id)) {
    if (stored) {
      stored.reset();
      batch.deleted.push_back(object);
    }
    return;
  }
  BuildRow(type, domain, id, now_ms, scratch_);
  if (!stored) {
    table.names[id] = scratch_.empty() ? std::string() : scratch_[0].value_or("");
    // The key cell is never overridden, so the name is the object's key.
    for (uint32_t c = 0; c < scratch_.size(); ++c) batch.cells.push_back({object, c, scratch_[c]});
    batch.added.push_back(object);
    stored = scratch_;
    return;
  }
  Row& old_row = *stored;
  for (uint32_t c = 0; c < scratch_.size(); ++c) {
    if (c >= old_row.size() || old_row[c] != scratch_[c]) {
      batch.cells.push_back({object, c, scratch_[c]});
    }
  }
  old_row.swap(scratch_);
}

std::array<TableBatch, kTypeCount> StatisticTables::Refresh(const Domain& domain, int64_t now_ms) {
  std::array<TableBatch, kTypeCount> batches;
  for (StatisticType type : five9exp::kAllStatisticTypes) {
    const DirtySet& dirty =
        type == StatisticType::kAgentState || type == StatisticType::kAgentStatistics
            ? domain.dirty_agents
        : type == StatisticType::kAcdStatus ? domain.dirty_skills
                                            : domain.dirty_campaigns;
    for (int id : dirty.ids()) RefreshObject(type, domain, id, now_ms, batches[Index(type)]);
  }
  return batches;
}

void StatisticTables::AddDispositionColumn(const Domain& domain, int64_t now_ms) {
  Table& table = tables_[Index(StatisticType::kAgentStatistics)];
  const std::string& name = domain.dispositions.back();
  if (std::find(table.columns.begin(), table.columns.end(), name) != table.columns.end()) return;
  table.columns.push_back(name);
  for (size_t id = 0; id < table.rows.size(); ++id) {
    if (!table.rows[id]) continue;
    BuildRow(StatisticType::kAgentStatistics, domain, static_cast<int>(id), now_ms, scratch_);
    table.rows[id]->swap(scratch_);
  }
}

void StatisticTables::SetOverride(StatisticType type, int object, int column, CellValue value) {
  tables_[Index(type)].overrides[{object, column}] = std::move(value);
}

five9exp::Statistics StatisticTables::Snapshot(StatisticType type,
                                               const std::vector<int>& columns) const {
  const Table& table = tables_[Index(type)];
  five9exp::Statistics out;
  out.type = type;
  for (int c : columns) out.columns.push_back(table.columns[c]);
  for (const std::optional<Row>& row : table.rows) {
    if (!row) continue;
    std::vector<CellValue> values;
    values.reserve(columns.size());
    for (int c : columns) values.push_back((*row)[c]);
    out.rows.push_back(std::move(values));
  }
  return out;
}

}  // namespace five9sim
