#pragma once
// ControlApi: the simulator's loopback control surface (JSON), documented in
// docs/simulator.md. Inspects calls, limits, sessions, campaigns, chats and monitoring, and
// injects latency, HTTP errors, resets, broken XML, faults, session closes, outages and
// domain changes. Scenario fault scripts run through the same Execute().
//
// Does not own its collaborators. Thread-safe (they all are).

#include <nlohmann/json.hpp>
#include <string_view>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "simulator/chat_hub.h"
#include "simulator/fault_injector.h"
#include "simulator/limit_model.h"
#include "simulator/model/contact_center.h"
#include "simulator/monitor_registry.h"
#include "simulator/session_registry.h"
#include "simulator/supervisor_service.h"

namespace five9sim {

struct ControlTargets {
  ContactCenter& model;
  SessionRegistry& sessions;
  LimitModel& limits;
  FaultInjector& faults;
  ChatHub& chat;
  MonitorRegistry& monitors;
  SupervisorService& service;
  five9exp::Clock& clock;
};

class ControlApi {
 public:
  explicit ControlApi(ControlTargets targets) : t_(targets) {}

  // The whole inspectable state (GET /control/state).
  nlohmann::json State() const;
  // Runs one action (POST /control/<action>, body = arguments). kInvalidArgument for bad
  // input (the message says what), kNotReady for model faults (e.g. unknown agent).
  five9exp::Result<nlohmann::json> Execute(std::string_view action, const nlohmann::json& args);

 private:
  ControlTargets t_;
};

}  // namespace five9sim
