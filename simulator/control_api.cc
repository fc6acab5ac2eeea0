#include "simulator/control_api.h"

#include "simulator/soap_codec.h"

namespace five9sim {
namespace {

using five9exp::ErrorCode;
using five9exp::MakeError;
using nlohmann::json;

json LimitStateJson(const std::vector<five9exp::LimitTimeoutState>& states) {
  json out = json::array();
  for (const auto& s : states) {
    json counters = json::array();
    for (const auto& c : s.call_counter_states) {
      counters.push_back(
          {{"operation_type", c.operation_type}, {"limit", c.limit}, {"value", c.value}});
    }
    out.push_back({{"timeout_s", s.timeout_s}, {"counters", counters}});
  }
  return out;
}

five9exp::Result<std::string> StringArg(const json& args, const char* name) {
  if (!args.contains(name) || !args[name].is_string() || args[name].get<std::string>().empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("\"") + name + "\" (string) is required");
  }
  return args[name].get<std::string>();
}

int64_t IntArg(const json& args, const char* name, int64_t fallback) {
  if (args.contains(name) && args[name].is_number()) return args[name].get<int64_t>();
  return fallback;
}

tl::unexpected<five9exp::Error> FromModel(const ModelFault& fault) {
  return MakeError(ErrorCode::kNotReady, fault.name + ": " + fault.message);
}

}  // namespace

json ControlApi::State() const {
  json state;
  const CallCounters counters = t_.service.Counters();
  state["calls"] = counters.calls;
  state["outcomes"] = counters.outcomes;
  state["limits"] = {{"violations", t_.limits.violations()},
                     {"violations_by_operation", t_.limits.ViolationsByOperation()},
                     {"consumed_by_operation", t_.limits.ConsumedByOperation()},
                     {"window_scale", t_.limits.window_scale()},
                     {"windows", LimitStateJson(t_.limits.State(t_.clock.SteadyNow()))}};
  json sessions = json::array();
  for (const SessionView& v : t_.sessions.Views()) {
    json s = {{"user", v.user},
              {"state", v.state},
              {"closed_reason", v.closed_reason},
              {"session_id", v.session_id},
              {"in_flight", v.in_flight},
              {"idle_ms", v.idle_ms},
              {"calls", v.calls}};
    if (v.settings) {
      s["idle_timeout_s"] = v.settings->idle_timeout_s.value_or(180);
      s["time_zone_ms"] = v.settings->time_zone_ms;
    }
    sessions.push_back(std::move(s));
  }
  state["sessions"] = sessions;
  json campaigns = json::object();
  for (const std::string& name : t_.model.CampaignNames()) {
    campaigns[name] = {{"state", t_.model.CampaignStateOf(name)},
                       {"type", t_.model.CampaignTypeOf(name)}};
  }
  state["campaigns"] = campaigns;
  json chats = json::array();
  for (const ChatView& c : t_.chat.Views()) {
    chats.push_back({{"chat_id", c.chat_id},
                     {"owner", c.owner},
                     {"open", c.open},
                     {"participants", c.participants},
                     {"messages", c.messages}});
  }
  state["chat"] = {{"sessions", chats}, {"broadcasts", t_.chat.broadcasts()}};
  state["monitoring"] = {{"stations", t_.monitors.Stations()},
                         {"monitors", t_.monitors.Monitoring()}};
  json injections = json::array();
  for (const Injection& i : t_.faults.Pending()) {
    json j = {
        {"kind", InjectionKindName(i.kind)}, {"method", i.method}, {"remaining", i.remaining}};
    if (i.kind == InjectionKind::kLatency) j["ms"] = i.latency.count();
    if (i.kind == InjectionKind::kHttpStatus) j["status"] = i.http_status;
    if (i.kind == InjectionKind::kFault) j["fault"] = i.fault.name;
    injections.push_back(std::move(j));
  }
  state["injections"] = {{"pending", injections},
                         {"applied", t_.faults.applied()},
                         {"outage_remaining_ms", t_.faults.OutageRemaining().count()}};
  state["model"] = {{"now_ms", t_.model.now_ms()},
                    {"agents", t_.model.AgentUsernames().size()},
                    {"dispositions", t_.model.DispositionNames()},
                    {"change_generation", t_.model.change_generation()}};
  return state;
}

five9exp::Result<json> ControlApi::Execute(std::string_view action, const json& args) {
  if (!args.is_object())
    return MakeError(ErrorCode::kInvalidArgument, "arguments must be a JSON object");
  const json ok = {{"ok", true}};

  if (action == "inject") {
    auto kind_name = StringArg(args, "kind");
    if (!kind_name) return tl::unexpected(kind_name.error());
    auto kind = InjectionKindFromName(*kind_name);
    if (!kind) return MakeError(ErrorCode::kInvalidArgument, "unknown kind: " + *kind_name);
    Injection injection;
    injection.kind = *kind;
    injection.method = args.value("method", std::string());
    injection.remaining = IntArg(args, "count", 1);
    injection.latency = std::chrono::milliseconds(IntArg(args, "ms", 0));
    injection.http_status = static_cast<int>(IntArg(args, "status", 500));
    if (*kind == InjectionKind::kHttpStatus &&
        (injection.http_status < 400 || injection.http_status > 599)) {
      return MakeError(ErrorCode::kInvalidArgument, "status must be 400..599");
    }
    if (*kind == InjectionKind::kFault) {
      auto name = StringArg(args, "fault");
      if (!name) return tl::unexpected(name.error());
      if (!IsWsdlFault(*name))
        return MakeError(ErrorCode::kInvalidArgument, "not a WSDL fault: " + *name);
      injection.fault.name = *name;
      injection.fault.message = args.value("message", "injected " + *name);
      if (args.contains("fields") && args["fields"].is_object()) {
        for (auto& [key, value] : args["fields"].items()) {
          if (value.is_array()) {
            for (const auto& v : value)
              injection.fault.fields.emplace_back(key,
                                                  v.is_string() ? v.get<std::string>() : v.dump());
          } else {
            injection.fault.fields.emplace_back(
                key, value.is_string() ? value.get<std::string>() : value.dump());
          }
        }
      }
    }
    t_.faults.Add(std::move(injection));
    return ok;
  }
  if (action == "clear-injections") {
    t_.faults.Clear();
    return ok;
  }
  if (action == "outage") {
    const int64_t ms = IntArg(args, "ms", IntArg(args, "seconds", 10) * 1000);
    t_.faults.StartOutage(std::chrono::milliseconds(ms));
    return ok;
  }
  if (action == "close-session") {
    auto user = StringArg(args, "user");
    if (!user) return tl::unexpected(user.error());
    const bool closed =
        t_.sessions.ForceClose(*user, args.value("reason", std::string("closed by control API")));
    return json{{"ok", true}, {"closed", closed}};
  }
  if (action == "add-disposition") {
    auto name = StringArg(args, "name");
    if (!name) return tl::unexpected(name.error());
    t_.model.AddDisposition(*name);
    return ok;
  }
  if (action == "set-value") {
    auto type_name = StringArg(args, "type");
    if (!type_name) return tl::unexpected(type_name.error());
    auto type = five9exp::StatisticTypeFromWire(*type_name);
    if (!type)
      return MakeError(ErrorCode::kInvalidArgument, "unknown statistic type: " + *type_name);
    auto object = StringArg(args, "object");
    if (!object) return tl::unexpected(object.error());
    auto column = StringArg(args, "column");
    if (!column) return tl::unexpected(column.error());
    std::optional<std::string> value;
    if (args.contains("value") && !args["value"].is_null()) {
      value = args["value"].is_string() ? args["value"].get<std::string>() : args["value"].dump();
    }
    auto result = t_.model.SetValue(*type, *object, *column, value);
    if (!result) return FromModel(result.error());
    return ok;
  }
  if (action == "add-agent") {
    auto username = StringArg(args, "username");
    if (!username) return tl::unexpected(username.error());
    t_.model.AddAgent(*username, args.value("full_name", *username));
    return ok;
  }
  if (action == "remove-agent") {
    auto username = StringArg(args, "username");
    if (!username) return tl::unexpected(username.error());
    auto result = t_.model.RemoveAgent(*username);
    if (!result) return FromModel(result.error());
    t_.monitors.ForgetAgent(*username);
    return ok;
  }
  if (action == "campaign") {
    auto name = StringArg(args, "name");
    if (!name) return tl::unexpected(name.error());
    auto verb = StringArg(args, "do");
    if (!verb) return tl::unexpected(verb.error());
    ModelResult<void> result;
    if (*verb == "start")
      result = t_.model.StartCampaign(*name);
    else if (*verb == "stop")
      result = t_.model.StopCampaign(*name);
    else if (*verb == "force-stop")
      result = t_.model.ForceStopCampaign(*name);
    else if (*verb == "reset")
      result = t_.model.ResetCampaign(*name);
    else
      return MakeError(ErrorCode::kInvalidArgument, "do must be start, stop, force-stop or reset");
    if (!result) return FromModel(result.error());
    return ok;
  }
  if (action == "preload") {
    auto type = StringArg(args, "operation_type");
    if (!type) return tl::unexpected(type.error());
    t_.limits.Preload(*type, IntArg(args, "count", 0), t_.clock.SteadyNow());
    return ok;
  }
  if (action == "reset-limits") {
    t_.limits.Reset();
    return ok;
  }
  return MakeError(ErrorCode::kInvalidArgument, "unknown action: " + std::string(action));
}

}  // namespace five9sim
