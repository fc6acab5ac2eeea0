// Station and agent monitoring (role monitoring): loginStation, reconnectStation,
// startMonitoring, stopMonitoring, getMonitoringSupervisors.
//
// loginStation answers with the SIP parameters, password included, to the caller who
// asked for them; the audit log carries the station name only.

#include "exporter/web/admin_routes.h"
#include "exporter/web/json_views.h"
#include "exporter/web/validation.h"

namespace five9exp {
namespace {

ApiResult<std::string> AgentParam(AdminContext& context) {
  const std::string& agent = context.params.at(0);
  context.target = agent;
  if (auto ok = CheckName("agent name", agent); !ok) return tl::unexpected(ok.error());
  return agent;
}

ApiResult<nlohmann::json> LoginStation(AdminContext& context) {
  auto body =
      ParseJsonObject(context.request.body, {"stationName", "forceLogoutSession", "idleTimeOut"},
                      /*allow_empty=*/true);
  if (!body) return tl::unexpected(body.error());
  LoginStationRequest request;
  auto station = OptionalString(*body, "stationName");
  if (!station) return tl::unexpected(station.error());
  if (*station) {
    if (auto ok = CheckName("field \"stationName\"", **station); !ok)
      return tl::unexpected(ok.error());
    request.station_name = **station;
    context.target = **station;
  }
  auto force = OptionalBool(*body, "forceLogoutSession");
  if (!force) return tl::unexpected(force.error());
  request.force_logout_session = force->value_or(false);
  // The guide: 60..1800 seconds, Five9's default 180 when omitted.
  auto idle = OptionalInt(*body, "idleTimeOut", 60, 1800);
  if (!idle) return tl::unexpected(idle.error());
  if (*idle) request.idle_timeout_s = static_cast<int32_t>(**idle);
  auto parameters = CallFive9<StationParameters>(
      context, "loginStation",
      [request](SupervisorClient& client) { return client.LoginStation(request); });
  if (!parameters) return tl::unexpected(parameters.error());
  if (context.target.empty()) context.target = parameters->name;
  return nlohmann::json{{"station", StationParametersToJson(*parameters)}};
}

ApiResult<nlohmann::json> ReconnectStation(AdminContext& context) {
  auto body = ParseJsonObject(context.request.body, {}, /*allow_empty=*/true);
  if (!body) return tl::unexpected(body.error());
  auto result = CallFive9<std::string>(context, "reconnectStation", [](SupervisorClient& client) {
    return client.ReconnectStation();
  });
  if (!result) return tl::unexpected(result.error());
  return nlohmann::json{{"result", *result}};
}

ApiResult<nlohmann::json> StartMonitoring(AdminContext& context) {
  auto agent = AgentParam(context);
  if (!agent) return tl::unexpected(agent.error());
  auto body = ParseJsonObject(context.request.body, {"mode"});
  if (!body) return tl::unexpected(body.error());
  auto mode = RequiredString(*body, "mode");
  if (!mode) return tl::unexpected(mode.error());
  if (auto ok = CheckEnum("field \"mode\"", *mode, {"Silence", "BargeIn", "Whispering"}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto done = RunFive9(context, "startMonitoring",
                       [agent = *agent, mode = *mode](SupervisorClient& client) {
                         return client.StartMonitoring(agent, mode);
                       });
  if (!done) return tl::unexpected(done.error());
  return nlohmann::json{{"status", "ok"}, {"agent", *agent}, {"mode", *mode}};
}

ApiResult<nlohmann::json> StopMonitoring(AdminContext& context) {
  auto agent = AgentParam(context);
  if (!agent) return tl::unexpected(agent.error());
  auto done = RunFive9(context, "stopMonitoring", [agent = *agent](SupervisorClient& client) {
    return client.StopMonitoring(agent);
  });
  if (!done) return tl::unexpected(done.error());
  return nlohmann::json{{"status", "ok"}, {"agent", *agent}};
}

ApiResult<nlohmann::json> Supervisors(AdminContext& context) {
  auto agent = AgentParam(context);
  if (!agent) return tl::unexpected(agent.error());
  auto list = CallFive9<std::vector<MonitoringSupervisor>>(
      context, "getMonitoringSupervisors", [agent = *agent](SupervisorClient& client) {
        return client.GetMonitoringSupervisors(agent);
      });
  if (!list) return tl::unexpected(list.error());
  nlohmann::json out = nlohmann::json::array();
  for (const MonitoringSupervisor& supervisor : *list) {
    out.push_back({{"supervisorName", supervisor.supervisor_name}, {"mode", supervisor.mode}});
  }
  return nlohmann::json{{"agent", *agent}, {"supervisors", std::move(out)}};
}

}  // namespace

void AddMonitoringRoutes(std::vector<AdminRoute>* routes) {
  routes->push_back({"POST", "station/login", "monitoring", "station_login", &LoginStation});
  routes->push_back(
      {"POST", "station/reconnect", "monitoring", "station_reconnect", &ReconnectStation});
  routes->push_back(
      {"POST", "agents/{agent}/monitoring", "monitoring", "monitoring_start", &StartMonitoring});
  routes->push_back(
      {"DELETE", "agents/{agent}/monitoring", "monitoring", "monitoring_stop", &StopMonitoring});
  routes->push_back(
      {"GET", "agents/{agent}/supervisors", "monitoring", "monitoring_supervisors", &Supervisors});
}

}  // namespace five9exp
