#include "exporter/web/json_views.h"

#include <cstdio>
#include <ctime>

#include "exporter/web/validation.h"

namespace five9exp {

std::string FormatWallTime(WallTime time) {
  if (time == WallTime{}) return "";
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

nlohmann::json TableToJson(const TableSnapshot& table) {
  nlohmann::json out;
  out["type"] = std::string(ToWire(table.type));
  out["ready"] = table.ready;
  out["consistent"] = table.consistent;
  out["timestamp"] = table.five9_timestamp;
  out["updated"] = FormatWallTime(table.updated);
  nlohmann::json columns = nlohmann::json::array();
  if (table.columns) {
    for (const std::string& column : *table.columns) columns.push_back(column);
  }
  out["columns"] = columns;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : table.rows) {
    if (!row) continue;
    nlohmann::json object = nlohmann::json::object();
    for (size_t i = 0; i < row->cells.size() && table.columns && i < table.columns->size(); ++i) {
      const CellValue& cell = row->cells[i];
      object[(*table.columns)[i]] = cell ? nlohmann::json(*cell) : nlohmann::json(nullptr);
    }
    rows.push_back(std::move(object));
  }
  out["rows"] = std::move(rows);
  return out;
}

nlohmann::json RoledIdToJson(const RoledId& id) {
  return nlohmann::json{{"role", id.role}, {"userId", id.user_id}};
}

nlohmann::json ChatMessageToJson(const ChatMessage& message) {
  nlohmann::json out;
  out["chatId"] = message.chat_id;
  out["type"] = message.type;
  out["text"] = message.text;
  out["timestamp"] =
      message.timestamp ? nlohmann::json(*message.timestamp) : nlohmann::json(nullptr);
  out["from"] = message.from ? RoledIdToJson(*message.from) : nlohmann::json(nullptr);
  nlohmann::json participants = nlohmann::json::array();
  for (const RoledId& id : message.participants) participants.push_back(RoledIdToJson(id));
  out["participants"] = std::move(participants);
  return out;
}

nlohmann::json StationParametersToJson(const StationParameters& station) {
  nlohmann::json out;
  out["name"] = station.name;
  out["password"] = station.password;
  out["proxy"] = station.proxy;
  out["backupProxy"] = station.backup_proxy;
  if (station.codec_parameters) {
    const CodecParameters& codec = *station.codec_parameters;
    out["codecParameters"] = {
        {"codecs", codec.codecs},
        {"cryptoSuites", codec.crypto_suites},
        {"disableNAT", codec.disable_nat},
        {"noSilenceSuppression", codec.no_silence_suppression},
        {"ptime", codec.ptime},
        {"rfc2833pType", codec.rfc2833p_type},
        {"useSRTP", codec.use_srtp},
    };
  } else {
    out["codecParameters"] = nullptr;
  }
  return out;
}

nlohmann::json ViewSettingsToJson(const ViewSettings& settings) {
  nlohmann::json out;
  const auto optional = [](const auto& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
  };
  out["appType"] = optional(settings.app_type);
  out["forceLogoutSession"] = optional(settings.force_logout_session);
  out["idleTimeOut"] = optional(settings.idle_timeout_s);
  out["rollingPeriod"] = optional(settings.rolling_period);
  out["shiftStart"] = settings.shift_start_ms;
  out["statisticsRange"] = optional(settings.statistics_range);
  out["timeZone"] = settings.time_zone_ms;
  return out;
}

nlohmann::json LimitsToJson(const std::vector<LimitTimeoutState>& windows) {
  nlohmann::json out = nlohmann::json::array();
  for (const LimitTimeoutState& window : windows) {
    nlohmann::json counters = nlohmann::json::array();
    for (const CallCounterState& counter : window.call_counter_states) {
      counters.push_back({{"operationType", counter.operation_type},
                          {"limit", counter.limit},
                          {"value", counter.value}});
    }
    out.push_back({{"windowSeconds", window.timeout_s}, {"counters", std::move(counters)}});
  }
  return out;
}

nlohmann::json UserLimitsToJson(const UserLimits& limits) {
  return {{"mobileLimit", limits.mobile_limit},
          {"mobileLoggedIn", limits.mobile_logged_in},
          {"supervisorLimit", limits.supervisor_limit},
          {"supervisorsLoggedIn", limits.supervisors_logged_in}};
}

ApiResult<ViewSettings> ViewSettingsFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return BadRequest("field \"viewSettings\" must be an object");
  if (auto ok = CheckKnownFields(json,
                                 {"appType", "forceLogoutSession", "idleTimeOut", "rollingPeriod",
                                  "shiftStart", "statisticsRange", "timeZone"},
                                 "viewSettings: ");
      !ok) {
    return tl::unexpected(ok.error());
  }
  const nlohmann::json* object = &json;
  ViewSettings settings;
  constexpr int64_t kDayMs = 24LL * 3600 * 1000;
  auto shift_start = RequiredInt(*object, "shiftStart", 0, kDayMs);
  if (!shift_start) return tl::unexpected(shift_start.error());
  settings.shift_start_ms = static_cast<int32_t>(*shift_start);
  constexpr int64_t kMaxOffsetMs = 14LL * 3600 * 1000;  // UTC-14..UTC+14
  auto time_zone = RequiredInt(*object, "timeZone", -kMaxOffsetMs, kMaxOffsetMs);
  if (!time_zone) return tl::unexpected(time_zone.error());
  settings.time_zone_ms = static_cast<int32_t>(*time_zone);
  auto idle = OptionalInt(*object, "idleTimeOut", 60, 1800);
  if (!idle) return tl::unexpected(idle.error());
  if (*idle) settings.idle_timeout_s = static_cast<int32_t>(**idle);
  auto force = OptionalBool(*object, "forceLogoutSession");
  if (!force) return tl::unexpected(force.error());
  settings.force_logout_session = *force;
  auto app_type = OptionalString(*object, "appType");
  if (!app_type) return tl::unexpected(app_type.error());
  if (*app_type) {
    if (auto ok = CheckName("field \"appType\"", **app_type); !ok)
      return tl::unexpected(ok.error());
    settings.app_type = **app_type;
  }
  auto rolling = OptionalString(*object, "rollingPeriod");
  if (!rolling) return tl::unexpected(rolling.error());
  if (*rolling) {
    auto ok = CheckEnum(
        "field \"rollingPeriod\"", **rolling,
        {"Minutes5", "Minutes10", "Minutes15", "Minutes30", "Hour1", "Hours2", "Hours3", "Today"});
    if (!ok) return tl::unexpected(ok.error());
    settings.rolling_period = **rolling;
  }
  auto range = OptionalString(*object, "statisticsRange");
  if (!range) return tl::unexpected(range.error());
  if (*range) {
    auto ok = CheckEnum(
        "field \"statisticsRange\"", **range,
        {"RollingHour", "CurrentDay", "CurrentWeek", "CurrentMonth", "Lifetime", "CurrentShift"});
    if (!ok) return tl::unexpected(ok.error());
    settings.statistics_range = **range;
  }
  return settings;
}

}  // namespace five9exp
