#pragma once
// SimServer: a running five9_sim. Owns the model, the rules (sessions, limits, chats,
// stations), the fault injector, the HTTP server (SOAP on any POST path, the control API under
// /control/) and two threads: the HTTP listener and the ticker that advances the model to real
// time (times --time-scale) and runs the scenario's fault script.
//
// Start() returns a server already accepting connections. Stop() (or the destructor) stops
// long polls, the listener and the ticker and joins them. Thread-safe accessors.

#include <memory>
#include <string>
#include <thread>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "simulator/chat_hub.h"
#include "simulator/control_api.h"
#include "simulator/fault_injector.h"
#include "simulator/limit_model.h"
#include "simulator/model/contact_center.h"
#include "simulator/monitor_registry.h"
#include "simulator/session_registry.h"
#include "simulator/sim_options.h"
#include "simulator/supervisor_service.h"

namespace httplib {
class Server;
}

namespace five9sim {

class SimServer {
 public:
  // Builds the domain, binds host:port (0 = ephemeral) and starts serving.
  // Errors: kIo when the address cannot be bound, kInvalidArgument for bad options.
  static five9exp::Result<std::unique_ptr<SimServer>> Start(SimOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  void Stop();

  int port() const { return port_; }
  const std::string& host() const { return options_.host; }
  // "http://127.0.0.1:PORT/wssupervisor/v9_5/SupervisorWebService"
  std::string soap_url() const;
  std::string base_url() const;

  ContactCenter& model() { return *model_; }
  LimitModel& limits() { return *limits_; }
  SessionRegistry& sessions() { return *sessions_; }
  FaultInjector& faults() { return *faults_; }
  ChatHub& chat() { return *chat_; }
  MonitorRegistry& monitors() { return *monitors_; }
  SupervisorService& service() { return *service_; }
  ControlApi& control() { return *control_; }

 private:
  explicit SimServer(SimOptions options);
  void Tick(std::stop_token stop);

  SimOptions options_;
  five9exp::SystemClock clock_;
  five9exp::SteadyTime started_{};
  int64_t start_ms_ = 0;
  int port_ = 0;

  std::unique_ptr<ContactCenter> model_;
  std::unique_ptr<LimitModel> limits_;
  std::unique_ptr<SessionRegistry> sessions_;
  std::unique_ptr<FaultInjector> faults_;
  std::unique_ptr<ChatHub> chat_;
  std::unique_ptr<MonitorRegistry> monitors_;
  std::unique_ptr<SupervisorService> service_;
  std::unique_ptr<ControlApi> control_;
  std::unique_ptr<httplib::Server> http_;

  std::thread listener_;
  std::jthread ticker_;
  bool stopped_ = false;  // only touched by the owner thread
};

}  // namespace five9sim
