#include "simulator/scenario.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace five9sim {
namespace {

using five9exp::ErrorCode;
using five9exp::MakeError;
using nlohmann::json;

// Scalars become numbers/booleans when they read as such (fault script arguments).
json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = ToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted: keep as string
      try {
        size_t used = 0;
        long long v = std::stoll(text, &used);
        if (used == text.size()) return v;
      } catch (...) {
      }
      try {
        size_t used = 0;
        double v = std::stod(text, &used);
        if (used == text.size()) return v;
      } catch (...) {
      }
      if (text == "true") return true;
      if (text == "false") return false;
      return text;
    }
    default:
      return nullptr;
  }
}

template <typename T>
void Read(const YAML::Node& node, const char* key, T* out) {
  if (node[key]) *out = node[key].as<T>();
}

void ApplyLocked(const YAML::Node& root, SimOptions* o) {
  if (root["name"]) o->scenario_name = root["name"].as<std::string>();
  if (const YAML::Node d = root["domain"]) {
    Read(d, "seed", &o->domain.seed);
    Read(d, "agents", &o->domain.agents);
    Read(d, "skills", &o->domain.skills);
    Read(d, "inbound_campaigns", &o->domain.inbound_campaigns);
    Read(d, "outbound_campaigns", &o->domain.outbound_campaigns);
    Read(d, "autodial_campaigns", &o->domain.autodial_campaigns);
    Read(d, "dispositions", &o->domain.dispositions);
    Read(d, "calls_per_skill_per_minute", &o->domain.calls_per_skill_per_minute);
    Read(d, "tick_ms", &o->domain.tick_ms);
    Read(d, "journal_retention_ms", &o->domain.journal_retention_ms);
    Read(d, "duration_refresh_ms", &o->domain.duration_refresh_ms);
    Read(d, "time_zone_offset_ms", &o->domain.time_zone_offset_ms);
  }
  if (const YAML::Node users = root["users"]) {
    for (const auto& u : users) {
      UserAccount account;
      account.name = u["name"].as<std::string>();
      account.password = u["password"].as<std::string>();
      Read(u, "user_id", &account.user_id);
      o->users.push_back(std::move(account));
    }
  }
  if (const YAML::Node limits = root["limits"]) {
    Read(limits, "window_scale", &o->window_scale);
    if (const YAML::Node rules = limits["rules"]) {
      o->limit_rules.clear();
      for (const auto& r : rules) {
        o->limit_rules.push_back({r["operation_type"].as<std::string>(),
                                  std::chrono::seconds(r["window_s"].as<int64_t>()),
                                  r["limit"].as<int64_t>()});
      }
    }
    if (const YAML::Node preload = limits["preload"]) {
      for (const auto& p : preload) {
        o->preloads.push_back({p["operation_type"].as<std::string>(), p["count"].as<int64_t>()});
      }
    }
  }
  Read(root, "time_scale", &o->time_scale);
  Read(root, "idle_scale", &o->idle_scale);
  if (const YAML::Node service = root["service"]) {
    int64_t max_long_poll_ms = o->service.max_long_poll.count();
    Read(service, "max_long_poll_ms", &max_long_poll_ms);
    o->service.max_long_poll = std::chrono::milliseconds(max_long_poll_ms);
    Read(service, "supervisor_limit", &o->service.supervisor_limit);
    Read(service, "max_api_version", &o->service.max_api_version);
  }
  if (const YAML::Node faults = root["faults"]) {
    for (const auto& step : faults) {
      json action = ToJson(step);
      ScriptStep s;
      const double at_s = action.value("at_s", 0.0);
      s.at = std::chrono::milliseconds(static_cast<int64_t>(at_s * 1000));
      action.erase("at_s");
      if (!action.contains("action") || !action["action"].is_string()) {
        throw YAML::Exception(step.Mark(), "fault step needs an \"action\"");
      }
      s.action = std::move(action);
      o->script.push_back(std::move(s));
    }
  }
}

}  // namespace

five9exp::Result<void> ApplyScenario(std::string_view yaml_text, SimOptions* options) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    if (!root.IsMap()) return MakeError(ErrorCode::kConfig, "scenario must be a YAML mapping");
    SimOptions copy = *options;
    ApplyLocked(root, &copy);
    if (copy.window_scale <= 0 || copy.time_scale <= 0 || copy.idle_scale <= 0) {
      return MakeError(ErrorCode::kConfig, "window_scale, time_scale and idle_scale must be > 0");
    }
    *options = std::move(copy);
    return {};
  } catch (const YAML::Exception& e) {
    return MakeError(ErrorCode::kConfig, std::string("scenario: ") + e.what());
  }
}

five9exp::Result<void> LoadScenarioFile(const std::string& path, SimOptions* options) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kIo, "cannot read scenario file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ApplyScenario(text.str(), options);
}

}  // namespace five9sim
