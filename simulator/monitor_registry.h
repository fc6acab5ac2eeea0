#pragma once
// MonitorRegistry: supervisor stations (loginStation/reconnectStation) and who monitors whom
// (startMonitoring/stopMonitoring/getMonitoringSupervisors). Monitoring calls need a station
// logged in first (StationNotLoggedInFault). Agent existence is checked by the caller.
//
// Owns station and monitoring state. Thread-safe (one internal mutex).

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/five9/types.h"
#include "simulator/model/domain_spec.h"

namespace five9sim {

class MonitorRegistry {
 public:
  // Logs in (or re-logs in) the user's softphone station. `station_name` defaults to
  // "sim-station-<user>". The returned password is a fake SIP secret of the simulator.
  five9exp::StationParameters Login(std::string_view user,
                                    const five9exp::LoginStationRequest& request);
  bool LoggedIn(std::string_view user) const;
  // connectStationResult ("CONNECT"); StationNotLoggedInFault without a station.
  ModelResult<std::string> Reconnect(std::string_view user) const;
  // `mode` is a monitoringMode spelling. Faults: StationNotLoggedInFault,
  // IncorrectArgumentFault (mode), AgentMonitorFault (already monitoring that agent).
  ModelResult<void> Start(std::string_view user, std::string_view agent, std::string_view mode);
  // Faults: StationNotLoggedInFault, AgentMonitorFault (not monitoring that agent).
  ModelResult<void> Stop(std::string_view user, std::string_view agent);
  std::vector<five9exp::MonitoringSupervisor> SupervisorsOf(std::string_view agent) const;
  // An agent left the domain: its monitors end.
  void ForgetAgent(std::string_view agent);

  // Control API views: user -> station name; agent -> (supervisor -> mode).
  std::map<std::string, std::string> Stations() const;
  std::map<std::string, std::map<std::string, std::string>> Monitoring() const;

 private:
  // State below is protected by mutex_.
  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> stations_;
  std::map<std::string, std::map<std::string, std::string>, std::less<>> monitors_;
};

}  // namespace five9sim
