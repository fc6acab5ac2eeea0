#pragma once
// JSON views of Five9 types and cached tables for the admin API responses, and the
// one JSON -> ViewSettings reader (PUT /session). Field names follow the WSDL's
// camelCase so a reader of the Five9 guide recognises them.
//
// Pure functions; thread-safe.

#include <nlohmann/json.hpp>

#include "exporter/five9/types.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/api_error.h"

namespace five9exp {

// {"type","ready","consistent","timestamp","updated","columns":[..],"rows":[{col:value|null}]}
nlohmann::json TableToJson(const TableSnapshot& table);
nlohmann::json ChatMessageToJson(const ChatMessage& message);
// Includes the SIP password: the caller asked to log a station in and needs it.
nlohmann::json StationParametersToJson(const StationParameters& station);
nlohmann::json ViewSettingsToJson(const ViewSettings& settings);
nlohmann::json LimitsToJson(const std::vector<LimitTimeoutState>& windows);
nlohmann::json UserLimitsToJson(const UserLimits& limits);
nlohmann::json RoledIdToJson(const RoledId& id);

// Reads a viewSettings object (the shape ViewSettingsToJson writes; null = absent):
// shiftStart and timeZone (ms) required; rollingPeriod, statisticsRange (WSDL enums),
// idleTimeOut (60..1800 s), appType, forceLogoutSession optional. Unknown fields are
// refused.
ApiResult<ViewSettings> ViewSettingsFromJson(const nlohmann::json& object);

// Rfc3339 UTC rendering of a wall time, e.g. "2026-11-28T13:59:42.000Z".
std::string FormatWallTime(WallTime time);

}  // namespace five9exp
