// The guide's "Agent Monitoring" operations: the supervisor's softphone station and the
// monitoring of agents' calls.
#include "simulator/operation_table.h"
#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

ModelResult<void> LoginStation(OperationContext& c) {
  five9exp::LoginStationRequest request;
  request.station_name = c.payload.ChildText("stationName");
  request.force_logout_session =
      c.payload.ChildText("forceLogoutSession").value_or("false") == "true";
  request.app_type = c.payload.ChildText("appType");
  WriteStationParameters(c.out, c.monitors.Login(c.call.user(), request));
  return {};
}

ModelResult<void> ReconnectStation(OperationContext& c) {
  auto result = c.monitors.Reconnect(c.call.user());
  if (!result) return tl::unexpected(result.error());
  c.out.Element("return", *result);
  return {};
}

enum class StationNeed { kNone, kLoggedIn };

// The agentName of the request, checked in this order: present, the caller's station logged
// in (when `station` says so), an agent of the domain.
ModelResult<std::string> MonitoredAgent(OperationContext& c, StationNeed station) {
  auto agent = ReadString(c.payload, "agentName");
  if (!agent) return tl::unexpected(agent.error());
  if (station == StationNeed::kLoggedIn && !c.monitors.LoggedIn(c.call.user())) {
    return tl::unexpected(
        ModelFault{"StationNotLoggedInFault", {}, "loginStation has not been called"});
  }
  if (!c.model.HasAgent(*agent)) {
    return tl::unexpected(
        ModelFault{"AgentNotFoundFault", {{"agentName", *agent}}, "Agent name is invalid"});
  }
  return agent;
}

ModelResult<void> StartMonitoring(OperationContext& c) {
  auto agent = MonitoredAgent(c, StationNeed::kLoggedIn);
  if (!agent) return tl::unexpected(agent.error());
  return c.monitors.Start(c.call.user(), *agent,
                          c.payload.ChildText("monitoringMode").value_or("Silence"));
}

ModelResult<void> StopMonitoring(OperationContext& c) {
  auto agent = MonitoredAgent(c, StationNeed::kLoggedIn);
  if (!agent) return tl::unexpected(agent.error());
  return c.monitors.Stop(c.call.user(), *agent);
}

ModelResult<void> GetMonitoringSupervisors(OperationContext& c) {
  auto agent = MonitoredAgent(c, StationNeed::kNone);
  if (!agent) return tl::unexpected(agent.error());
  for (const auto& m : c.monitors.SupervisorsOf(*agent)) {
    c.out.Open("return");
    c.out.Element("mode", m.mode);
    c.out.Element("supervisorName", m.supervisor_name);
    c.out.Close("return");
  }
  return {};
}

}  // namespace

void AddMonitoringOperations(std::vector<Operation>* operations) {
  operations->insert(operations->end(),
                     {
                         {"loginStation", SessionNeed::kNone, LoginStation},
                         {"reconnectStation", SessionNeed::kNone, ReconnectStation},
                         {"startMonitoring", SessionNeed::kNone, StartMonitoring},
                         {"stopMonitoring", SessionNeed::kNone, StopMonitoring},
                         {"getMonitoringSupervisors", SessionNeed::kNone, GetMonitoringSupervisors},
                     });
}

}  // namespace five9sim
