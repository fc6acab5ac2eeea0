// Read-only routes (role read): cached views (campaigns, statistics tables; no Five9
// call) and the user/limit queries that go to Five9.

#include "exporter/web/admin_routes.h"
#include "exporter/web/json_views.h"
#include "exporter/web/validation.h"

namespace five9exp {
namespace {

// The cached table of `type`: 404 when the type is not enabled, 503 until it loads.
ApiResult<const TableSnapshot*> CachedTable(const AdminContext& context, StatisticType type) {
  if (!context.snapshot) {
    return tl::unexpected(MakeApiError(503, "not_ready", "the domain has not published data yet"));
  }
  auto it = context.snapshot->tables.find(type);
  if (it == context.snapshot->tables.end()) {
    return tl::unexpected(
        MakeApiError(404, "statistic_type_disabled",
                     std::string(ToWire(type)) + " is not enabled for this domain"));
  }
  if (!it->second.ready) {
    return tl::unexpected(
        MakeApiError(503, "not_ready", std::string(ToWire(type)) + " has not loaded yet"));
  }
  return &it->second;
}

ApiResult<nlohmann::json> Campaigns(AdminContext& context) {
  auto table = CachedTable(context, StatisticType::kCampaignState);
  if (!table) return tl::unexpected(table.error());
  nlohmann::json view = TableToJson(**table);
  nlohmann::json campaigns = nlohmann::json::array();
  for (nlohmann::json& row : view["rows"]) {
    nlohmann::json entry;
    entry["name"] = row.value("Campaign Name", nlohmann::json(nullptr));
    entry["state"] = row.value("State", nlohmann::json(nullptr));
    entry["values"] = std::move(row);
    campaigns.push_back(std::move(entry));
  }
  return nlohmann::json{{"campaigns", std::move(campaigns)},
                        {"consistent", view["consistent"]},
                        {"updated", view["updated"]}};
}

ApiResult<nlohmann::json> StatisticsTable(AdminContext& context) {
  const std::string& wire = context.params.at(0);
  context.target = wire;
  const std::optional<StatisticType> type = StatisticTypeFromWire(wire);
  if (!type) {
    std::string list;
    for (StatisticType t : kAllStatisticTypes)
      list += (list.empty() ? "" : ", ") + std::string(ToWire(t));
    return tl::unexpected(MakeApiError(404, "unknown_statistic_type",
                                       "unknown statistic type; expected one of " + list));
  }
  auto table = CachedTable(context, *type);
  if (!table) return tl::unexpected(table.error());
  return TableToJson(**table);
}

ApiResult<nlohmann::json> Dispositions(AdminContext& context) {
  auto names = CallFive9<std::vector<std::string>>(
      context, "getDispositionsNames",
      [](SupervisorClient& client) { return client.GetDispositionsNames(); });
  if (!names) return tl::unexpected(names.error());
  return nlohmann::json{{"dispositions", *names}};
}

ApiResult<nlohmann::json> LoggedInUsers(AdminContext& context) {
  auto users = CallFive9<std::vector<UserRoledId>>(
      context, "getLoggedInUsers",
      [](SupervisorClient& client) { return client.GetLoggedInUsers(); });
  if (!users) return tl::unexpected(users.error());
  // Pseudonyms apply everywhere (SPEC): every user's name, supervisors' included, so the
  // answer names nobody; an agent's name is the `agent` label of its series.
  const auto& label = context.domain.user_label;
  nlohmann::json out = nlohmann::json::array();
  for (const UserRoledId& user : *users) {
    out.push_back({{"name", label ? label(user.name) : user.name},
                   {"role", user.roled_id.role},
                   {"userId", user.roled_id.user_id}});
  }
  return nlohmann::json{{"users", std::move(out)}};
}

nlohmann::json IdNames(const std::vector<IdName>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const IdName& item : list) out.push_back({{"id", item.id}, {"name", item.name}});
  return out;
}

ApiResult<nlohmann::json> MySkills(AdminContext& context) {
  auto skills = CallFive9<std::vector<IdName>>(
      context, "getMySkillsIds", [](SupervisorClient& client) { return client.GetMySkillsIds(); });
  if (!skills) return tl::unexpected(skills.error());
  return nlohmann::json{{"skills", IdNames(*skills)}};
}

ApiResult<nlohmann::json> MyGroups(AdminContext& context) {
  auto groups = CallFive9<std::vector<IdName>>(
      context, "getMyGroupIds", [](SupervisorClient& client) { return client.GetMyGroupIds(); });
  if (!groups) return tl::unexpected(groups.error());
  return nlohmann::json{{"groups", IdNames(*groups)}};
}

ApiResult<nlohmann::json> MyPermissions(AdminContext& context) {
  auto permissions = CallFive9<std::vector<SupervisorPermission>>(
      context, "getMyPermissions",
      [](SupervisorClient& client) { return client.GetMyPermissions(); });
  if (!permissions) return tl::unexpected(permissions.error());
  nlohmann::json out = nlohmann::json::array();
  for (const SupervisorPermission& p : *permissions)
    out.push_back({{"type", p.type}, {"value", p.value}});
  return nlohmann::json{{"permissions", std::move(out)}};
}

ApiResult<nlohmann::json> UserLimitsRoute(AdminContext& context) {
  auto limits = CallFive9<UserLimits>(
      context, "getUserLimits", [](SupervisorClient& client) { return client.GetUserLimits(); });
  if (!limits) return tl::unexpected(limits.error());
  return UserLimitsToJson(*limits);
}

ApiResult<nlohmann::json> Limits(AdminContext& context) {
  auto windows = CallFive9<std::vector<LimitTimeoutState>>(
      context, "getCallCountersState",
      [](SupervisorClient& client) { return client.GetCallCountersState(); });
  if (!windows) return tl::unexpected(windows.error());
  return nlohmann::json{{"windows", LimitsToJson(*windows)}};
}

}  // namespace

void AddReadRoutes(std::vector<AdminRoute>* routes) {
  routes->push_back({"GET", "campaigns", "read", "campaigns_list", &Campaigns});
  routes->push_back({"GET", "dispositions", "read", "dispositions", &Dispositions});
  routes->push_back({"GET", "users/logged-in", "read", "users_logged_in", &LoggedInUsers});
  routes->push_back({"GET", "me/skills", "read", "my_skills", &MySkills});
  routes->push_back({"GET", "me/groups", "read", "my_groups", &MyGroups});
  routes->push_back({"GET", "me/permissions", "read", "my_permissions", &MyPermissions});
  routes->push_back({"GET", "user-limits", "read", "user_limits", &UserLimitsRoute});
  routes->push_back({"GET", "limits", "read", "limits", &Limits});
  routes->push_back({"GET", "statistics/{type}", "read", "statistics", &StatisticsTable});
}

}  // namespace five9exp
