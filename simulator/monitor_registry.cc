#include "simulator/monitor_registry.h"

namespace five9sim {

five9exp::StationParameters MonitorRegistry::Login(std::string_view user,
                                                   const five9exp::LoginStationRequest& request) {
  five9exp::StationParameters params;
  params.name = request.station_name.value_or("sim-station-" + std::string(user));
  params.proxy = "sip.five9-sim.invalid:5060";
  params.backup_proxy = "sip2.five9-sim.invalid:5060";
  params.password = "sim-sip-secret";
  five9exp::CodecParameters codecs;
  codecs.codecs = {"G711U", "G729"};
  codecs.crypto_suites = {"AES_CM_128_HMAC_SHA1_80"};
  codecs.ptime = 20;
  codecs.rfc2833p_type = 101;
  params.codec_parameters = codecs;
  std::lock_guard lock(mutex_);
  stations_[std::string(user)] = params.name;
  return params;
}

bool MonitorRegistry::LoggedIn(std::string_view user) const {
  std::lock_guard lock(mutex_);
  return stations_.contains(user);
}

ModelResult<std::string> MonitorRegistry::Reconnect(std::string_view user) const {
  if (!LoggedIn(user)) {
    return tl::unexpected(
        ModelFault{"StationNotLoggedInFault", {}, "loginStation has not been called"});
  }
  return std::string("CONNECT");
}

ModelResult<void> MonitorRegistry::Start(std::string_view user, std::string_view agent,
                                         std::string_view mode) {
  if (mode != "Silence" && mode != "BargeIn" && mode != "Whispering") {
    return tl::unexpected(ModelFault{"IncorrectArgumentFault", {}, "unknown monitoringMode"});
  }
  std::lock_guard lock(mutex_);
  if (!stations_.contains(user)) {
    return tl::unexpected(
        ModelFault{"StationNotLoggedInFault", {}, "loginStation has not been called"});
  }
  auto& by_supervisor = monitors_[std::string(agent)];
  if (by_supervisor.contains(std::string(user))) {
    return tl::unexpected(
        ModelFault{"AgentMonitorFault",
                   {{"agentName", std::string(agent)}, {"monitorError", "ALREADY_MONITORED"}},
                   "agent is already monitored by this supervisor"});
  }
  by_supervisor[std::string(user)] = std::string(mode);
  return {};
}

ModelResult<void> MonitorRegistry::Stop(std::string_view user, std::string_view agent) {
  std::lock_guard lock(mutex_);
  if (!stations_.contains(user)) {
    return tl::unexpected(
        ModelFault{"StationNotLoggedInFault", {}, "loginStation has not been called"});
  }
  auto it = monitors_.find(agent);
  if (it == monitors_.end() || it->second.erase(std::string(user)) == 0) {
    return tl::unexpected(
        ModelFault{"AgentMonitorFault",
                   {{"agentName", std::string(agent)}, {"monitorError", "NOT_MONITORED"}},
                   "agent is not monitored by this supervisor"});
  }
  if (it->second.empty()) monitors_.erase(it);
  return {};
}

std::vector<five9exp::MonitoringSupervisor> MonitorRegistry::SupervisorsOf(
    std::string_view agent) const {
  std::lock_guard lock(mutex_);
  std::vector<five9exp::MonitoringSupervisor> out;
  auto it = monitors_.find(agent);
  if (it == monitors_.end()) return out;
  for (const auto& [supervisor, mode] : it->second) out.push_back({mode, supervisor});
  return out;
}

void MonitorRegistry::ForgetAgent(std::string_view agent) {
  std::lock_guard lock(mutex_);
  if (auto it = monitors_.find(agent); it != monitors_.end()) monitors_.erase(it);
}

std::map<std::string, std::string> MonitorRegistry::Stations() const {
  std::lock_guard lock(mutex_);
  return {stations_.begin(), stations_.end()};
}

std::map<std::string, std::map<std::string, std::string>> MonitorRegistry::Monitoring() const {
  std::lock_guard lock(mutex_);
  return {monitors_.begin(), monitors_.end()};
}

}  // namespace five9sim
