// The guide's "User Information" operations: who is logged in, the caller's groups,
// permissions and skills, and the domain's user limits.
#include <algorithm>
#include <array>
#include <utility>

#include "simulator/operation_table.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

// The supervisors with an open session, then every agent who is not logged out.
ModelResult<void> GetLoggedInUsers(OperationContext& c) {
  for (const std::string& user : c.sessions.OpenSessionUsers()) {
    c.out.Open("return");
    c.out.Element("name", user);
    WriteRoledId(c.out, "roledId", c.parties.OfUser(user).id);
    c.out.Close("return");
  }
  auto states = c.model.GetStatistics(five9exp::StatisticType::kAgentState, {"Username", "State"});
  if (!states) return {};
  const auto& cols = states->columns;
  const auto user_col = std::find(cols.begin(), cols.end(), "Username") - cols.begin();
  const auto state_col = std::find(cols.begin(), cols.end(), "State") - cols.begin();
  for (const auto& row : states->rows) {
    if (user_col >= static_cast<long>(row.size()) || state_col >= static_cast<long>(row.size()))
      continue;
    if (!row[user_col] || !row[state_col] || *row[state_col] == "Logged Out") continue;
    c.out.Open("return");
    c.out.Element("name", *row[user_col]);
    WriteRoledId(c.out, "roledId", {"Agent", c.parties.AgentId(*row[user_col])});
    c.out.Close("return");
  }
  return {};
}

// Writes one <return><id/><name/></return> per entry.
template <typename IdsAndNames>
void WriteIdsAndNames(five9exp::XmlWriter& out, const IdsAndNames& entries) {
  for (const auto& [id, name] : entries) {
    out.Open("return");
    out.Element("id", std::to_string(id));
    out.Element("name", name);
    out.Close("return");
  }
}

ModelResult<void> GetMyGroupIds(OperationContext& c) {
  static constexpr std::array<std::pair<int64_t, const char*>, 3> kGroups{
      {{2001, "Sales Team"}, {2002, "Support Team"}, {2003, "Night Shift"}}};
  WriteIdsAndNames(c.out, kGroups);
  return {};
}

ModelResult<void> GetMySkillsIds(OperationContext& c) {
  WriteIdsAndNames(c.out, c.model.SkillIdsAndNames());
  return {};
}

ModelResult<void> GetMyPermissions(OperationContext& c) {
  static constexpr std::array<std::pair<const char*, bool>, 8> kPermissions{
      {{"Users", true},
       {"Agents", true},
       {"CallMonitoring", true},
       {"Stations", true},
       {"ChatSessions", true},
       {"Campaigns", true},
       {"CampaignManagement", true},
       {"BillingInfo", false}}};
  for (const auto& [type, value] : kPermissions) {
    c.out.Open("return");
    c.out.Element("type", type);
    c.out.Element("value", value ? "true" : "false");
    c.out.Close("return");
  }
  return {};
}

ModelResult<void> GetUserLimits(OperationContext& c) {
  c.out.Open("return");
  c.out.Element("mobileLimit", std::to_string(c.options.mobile_limit));
  c.out.Element("mobileLoggedin", "0");
  c.out.Element("supervisorLimit", std::to_string(c.options.supervisor_limit));
  c.out.Element("supervisorsLoggedin", std::to_string(c.sessions.OpenSessionUsers().size()));
  c.out.Close("return");
  return {};
}

}  // namespace

void AddUserOperations(std::vector<Operation>* operations) {
  operations->insert(operations->end(),
                     {
                         {"getLoggedInUsers", SessionNeed::kRequired, GetLoggedInUsers},
                         {"getMyGroupIds", SessionNeed::kRequired, GetMyGroupIds},
                         {"getMyPermissions", SessionNeed::kRequired, GetMyPermissions},
                         {"getMySkillsIds", SessionNeed::kRequired, GetMySkillsIds},
                         {"getUserLimits", SessionNeed::kRequired, GetUserLimits},
                     });
}

}  // namespace five9sim
