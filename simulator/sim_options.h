#pragma once
// SimOptions: everything a five9_sim instance is started with (CLI flags and scenario files
// fill it in; tests build it directly). Plain data.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simulator/limit_model.h"
#include "simulator/model/domain_spec.h"
#include "simulator/session_registry.h"
#include "simulator/supervisor_service.h"

namespace five9sim {

// Calls of other integrations of the same domain, counted at start.
struct PreloadSpec {
  std::string operation_type;  // "QueryStatistics" or "QueryChangedStatistics"
  int64_t count = 0;
};

// One step of a fault script: a control-API action run `at` after start.
// `action` is the same JSON object POST /control/<action["action"]> takes.
struct ScriptStep {
  std::chrono::milliseconds at{0};
  nlohmann::json action;
};

struct SimOptions {
  // Listening address; port 0 = an ephemeral port.
  std::string host = "127.0.0.1";
  int port = 0;
  // The domain to generate.
  DomainSpec domain;
  // API users (HTTP Basic). Empty = none can log in.
  std::vector<UserAccount> users;
  // Domain limits (the guide's table by default) and their window scale (0.05 = 60 s -> 3 s).
  std::vector<LimitRule> limit_rules = DefaultLimitRules();
  double window_scale = 1.0;
  std::vector<PreloadSpec> preloads;
  // Model time runs `time_scale` times faster than real time.
  double time_scale = 1.0;
  // Multiplies every session idleTimeOut (tests shrink 60 s to a fraction of a second).
  double idle_scale = 1.0;
  // Fault script, run by the ticker thread.
  std::vector<ScriptStep> script;
  // SOAP service knobs.
  ServiceOptions service;
  // HTTP worker threads (each long poll holds one).
  int worker_threads = 32;
  // Serve /control/ (loopback callers only).
  bool control_api = true;
  // For logs and /control/state.
  std::string scenario_name;
};

}  // namespace five9sim
