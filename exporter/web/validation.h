#pragma once
// Input validation for the admin API: path segments, names, JSON bodies, enums and
// RFC 3339 times. Every failure is a 400 ApiError whose message says which field is
// wrong and why, so a script author can fix the call without reading our source.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/web/api_error.h"

namespace five9exp {

// Longest campaign, agent, station, disposition name or id accepted (bytes).
inline constexpr size_t kMaxNameBytes = 255;
// Longest chat/broadcast/info text accepted (bytes).
inline constexpr size_t kMaxTextBytes = 4096;

// Percent-decodes one raw path segment exactly once ("%2525" -> "%25"). '+' stays '+'.
// Refuses malformed escapes and a decoded NUL.
ApiResult<std::string> DecodePathSegment(std::string_view raw);

// Checks a name: non-empty, at most `max_bytes`, valid UTF-8, no control characters.
// `what` names the field in the message ("campaign name").
ApiResult<void> CheckName(std::string_view what, std::string_view value,
                          size_t max_bytes = kMaxNameBytes);
// Checks a free text: at most `max_bytes`, valid UTF-8, no control characters except
// tab, CR and LF (XML 1.0 could not carry them). May be empty only if `allow_empty`.
ApiResult<void> CheckText(std::string_view what, std::string_view value,
                          size_t max_bytes = kMaxTextBytes, bool allow_empty = false);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// `value` must be one of `allowed` (exact spelling); the message lists them.
ApiResult<void> CheckEnum(std::string_view what, std::string_view value,
                          std::initializer_list<std::string_view> allowed);

// Parses an RFC 3339 date-time ("2026-11-28T13:59:42Z", "...42.5+02:00") and returns
// the same instant as an xs:dateTime in UTC ("2026-11-28T11:59:42.500Z"; milliseconds
// only when non-zero). Also returns epoch milliseconds through `epoch_ms` when given.
ApiResult<std::string> Rfc3339ToXsDateTime(std::string_view what, std::string_view text,
                                           int64_t* epoch_ms = nullptr);

// Parses a request body that must be a JSON object. An empty body is an empty object
// when `allow_empty`. Fields not in `known` are refused (typos should fail loudly).
ApiResult<nlohmann::json> ParseJsonObject(std::string_view body,
                                          std::initializer_list<std::string_view> known,
                                          bool allow_empty = false);

// Refuses members of `object` not in `known`; `where` prefixes the message ("viewSettings: ").
ApiResult<void> CheckKnownFields(const nlohmann::json& object,
                                 std::initializer_list<std::string_view> known,
                                 std::string_view where = "");

// Typed field access on a parsed object, with "field \"x\" must be a string" messages.
ApiResult<std::string> RequiredString(const nlohmann::json& object, std::string_view field);
ApiResult<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                     std::string_view field);
ApiResult<bool> RequiredBool(const nlohmann::json& object, std::string_view field);
ApiResult<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view field);
// Integers must be JSON integers (not strings, not fractions) within [min, max].
ApiResult<int64_t> RequiredInt(const nlohmann::json& object, std::string_view field, int64_t min,
                               int64_t max);
ApiResult<std::optional<int64_t>> OptionalInt(const nlohmann::json& object, std::string_view field,
                                              int64_t min, int64_t max);
// An array of strings (may be absent: empty result).
ApiResult<std::vector<std::string>> OptionalStringArray(const nlohmann::json& object,
                                                        std::string_view field);

}  // namespace five9exp
