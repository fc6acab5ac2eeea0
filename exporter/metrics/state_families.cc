#include "exporter/metrics/state_families.h"

#include <string>

#include "exporter/metrics/metric_names.h"
#include "exporter/metrics/value_kind.h"

namespace five9exp {
namespace {

int FindColumn(const TableSnapshot& table, std::string_view name) {
  if (!table.columns) return -1;
  const auto& columns = *table.columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// The cell's text, or "" when the column is absent or the value missing.
std::string_view Cell(const TableRow& row, int index) {
  if (index < 0 || static_cast<size_t>(index) >= row.cells.size()) return {};
  const CellValue& cell = row.cells[static_cast<size_t>(index)];
  if (IsMissing(cell)) return {};
  return *cell;
}

void AppendLabel(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append("=\"");
  AppendLabelValue(out, value);
  out.append("\"");
}

}  // namespace

void RenderAgentStateFamilies(std::string_view domain, const TableSnapshot& table, bool agent_info,
                              std::vector<FamilyText>& out) {
  const int state_index = FindColumn(table, "State");
  const int reason_index = FindColumn(table, "Reason Code");
  const int name_index = FindColumn(table, "Full Name");
  if (state_index >= 0) {
    FamilyText family{"five9_agent_state",
                      "Current state of each agent (State column of AgentState) and its reason "
                      "code (\"\" when none); always 1. Cached, refreshed by long polling.",
                      "gauge",
                      {}};
    for (const auto& row : table.rows) {
      const std::string_view state = Cell(*row, state_index);
      if (state.empty()) continue;
      family.samples.append("five9_agent_state{");
      AppendLabel(family.samples, "domain", domain);
      family.samples += ',';
      AppendLabel(family.samples, "agent", row->key);
      family.samples += ',';
      AppendLabel(family.samples, "state", state);
      family.samples += ',';
      AppendLabel(family.samples, "reason", Cell(*row, reason_index));
      family.samples.append("} 1\n");
    }
    out.push_back(std::move(family));
  }
  if (agent_info && name_index >= 0) {
    FamilyText family{"five9_agent_info",
                      "Agent information (Full Name column of AgentState); always 1. "
                      "Can be switched off with agent_info: false.",
                      "gauge",
                      {}};
    for (const auto& row : table.rows) {
      family.samples.append("five9_agent_info{");
      AppendLabel(family.samples, "domain", domain);
      family.samples += ',';
      AppendLabel(family.samples, "agent", row->key);
      family.samples += ',';
      AppendLabel(family.samples, "full_name", Cell(*row, name_index));
      family.samples.append("} 1\n");
    }
    out.push_back(std::move(family));
  }
}

void RenderCampaignStateFamily(std::string_view domain, const TableSnapshot& table,
                               std::vector<FamilyText>& out) {
  const int state_index = FindColumn(table, "State");
  if (state_index < 0) return;
  FamilyText family{"five9_campaign_state",
                    "Campaign state (State column of CampaignState): 1 for the current state, 0 "
                    "for the other campaignState values. Cached, refreshed by long polling.",
                    "gauge",
                    {}};
  for (const auto& row : table.rows) {
    const std::string_view state = Cell(*row, state_index);
    if (state.empty()) continue;
    std::string prefix = "five9_campaign_state{";
    AppendLabel(prefix, "domain", domain);
    prefix += ',';
    AppendLabel(prefix, "campaign", row->key);
    prefix.append(",state=\"");
    bool known = false;
    for (const std::string_view candidate : kCampaignStates) {
      known = known || candidate == state;
      family.samples.append(prefix).append(candidate).append("\"} ");
      family.samples.append(candidate == state ? "1\n" : "0\n");
    }
    if (!known) {
      family.samples.append(prefix);
      AppendLabelValue(family.samples, state);
      family.samples.append("\"} 1\n");
    }
  }
  out.push_back(std::move(family));
}

}  // namespace five9exp
