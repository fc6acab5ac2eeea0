#include "exporter/web/validation.h"

#include <chrono>
#include <cstdio>
#include <limits>

namespace five9exp {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Quoted(std::string_view field) { return "field \"" + std::string(field) + "\""; }

// Reads exactly `n` digits at `*pos`.
bool Digits(std::string_view s, size_t* pos, size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int value = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *pos += n;
  *out = value;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

const nlohmann::json* Find(const nlohmann::json& object, std::string_view field) {
  auto it = object.find(std::string(field));
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

ApiResult<std::string> DecodePathSegment(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out += raw[i];
      continue;
    }
    if (i + 2 >= raw.size()) {
      return BadRequest("malformed percent-encoding in the path");
    }
    const int hi = HexValue(raw[i + 1]);
    const int lo = HexValue(raw[i + 2]);
    if (hi < 0 || lo < 0) return BadRequest("malformed percent-encoding in the path");
    const char c = static_cast<char>(hi * 16 + lo);
    if (c == '\0') return BadRequest("NUL in the path");
    out += c;
    i += 2;
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

ApiResult<void> CheckText(std::string_view what, std::string_view value, size_t max_bytes,
                          bool allow_empty) {
  if (value.empty() && !allow_empty) return BadRequest(std::string(what) + " must not be empty");
  if (value.size() > max_bytes) {
    return BadRequest(std::string(what) + " is longer than " + std::to_string(max_bytes) +
                      " bytes");
  }
  if (!IsValidUtf8(value)) return BadRequest(std::string(what) + " is not valid UTF-8");
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return BadRequest(std::string(what) + " contains a control character");
    }
  }
  return {};
}

ApiResult<void> CheckName(std::string_view what, std::string_view value, size_t max_bytes) {
  if (value.empty()) return BadRequest(std::string(what) + " must not be empty");
  if (value.size() > max_bytes) {
    return BadRequest(std::string(what) + " is longer than " + std::to_string(max_bytes) +
                      " bytes");
  }
  if (!IsValidUtf8(value)) return BadRequest(std::string(what) + " is not valid UTF-8");
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f)
      return BadRequest(std::string(what) + " contains a control character");
  }
  return {};
}

ApiResult<void> CheckEnum(std::string_view what, std::string_view value,
                          std::initializer_list<std::string_view> allowed) {
  std::string list;
  for (std::string_view option : allowed) {
    if (value == option) return {};
    if (!list.empty()) list += ", ";
    list += option;
  }
  return BadRequest(std::string(what) + " must be one of " + list);
}

ApiResult<std::string> Rfc3339ToXsDateTime(std::string_view what, std::string_view s,
                                           int64_t* epoch_ms) {
  const auto bad = [&] {
    return BadRequest(std::string(what) +
                      " must be an RFC 3339 date-time such as 2026-11-28T13:59:42Z or "
                      "2026-11-28T05:59:42-08:00");
  };
  size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!Digits(s, &pos, 4, &year) || !Expect(s, &pos, '-') || !Digits(s, &pos, 2, &month) ||
      !Expect(s, &pos, '-') || !Digits(s, &pos, 2, &day)) {
    return bad();
  }
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't')) return bad();
  ++pos;
  if (!Digits(s, &pos, 2, &hour) || !Expect(s, &pos, ':') || !Digits(s, &pos, 2, &minute) ||
      !Expect(s, &pos, ':') || !Digits(s, &pos, 2, &second)) {
    return bad();
  }
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (size_t k = digits; k < 3; ++k) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!Digits(s, &pos, 2, &oh) || !Expect(s, &pos, ':') || !Digits(s, &pos, 2, &om) || oh > 23 ||
        om > 59) {
      return bad();
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return bad();  // RFC 3339 requires an offset
  }
  if (pos != s.size()) return bad();
  namespace chrono = std::chrono;
  const chrono::year_month_day date{chrono::year(year), chrono::month(static_cast<unsigned>(month)),
                                    chrono::day(static_cast<unsigned>(day))};
  if (year < 1 || !date.ok() || hour > 23 || minute > 59 || second > 59) return bad();
  const chrono::sys_seconds utc = chrono::sys_days(date) + chrono::hours(hour) +
                                  chrono::minutes(minute) + chrono::seconds(second) -
                                  chrono::minutes(offset_minutes);
  const int64_t utc_s = utc.time_since_epoch().count();
  if (epoch_ms != nullptr) *epoch_ms = utc_s * 1000 + millis;

  const chrono::sys_days utc_day = chrono::floor<chrono::days>(utc);
  const chrono::year_month_day utc_date{utc_day};
  const int64_t secs_of_day = (utc - utc_day).count();
  const int64_t y = static_cast<int>(utc_date.year());
  const unsigned m = static_cast<unsigned>(utc_date.month());
  const unsigned d = static_cast<unsigned>(utc_date.day());
  if (y < 1 || y > 9999) return bad();
  char buf[48];
  if (millis == 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), m, d, static_cast<long long>(secs_of_day / 3600),
                  static_cast<long long>(secs_of_day / 60 % 60),
                  static_cast<long long>(secs_of_day % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03dZ",
                  static_cast<long long>(y), m, d, static_cast<long long>(secs_of_day / 3600),
                  static_cast<long long>(secs_of_day / 60 % 60),
                  static_cast<long long>(secs_of_day % 60), millis);
  }
  return std::string(buf);
}

ApiResult<nlohmann::json> ParseJsonObject(std::string_view body,
                                          std::initializer_list<std::string_view> known,
                                          bool allow_empty) {
  bool only_space = true;
  for (char c : body) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') only_space = false;
  }
  if (only_space) {
    if (allow_empty) return nlohmann::json::object();
    return BadRequest("a JSON object body is required");
  }
  // parse(..., allow_exceptions=false) yields a discarded value instead of throwing;
  // it also refuses invalid UTF-8.
  nlohmann::json parsed = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (parsed.is_discarded()) return BadRequest("the body is not valid JSON");
  if (!parsed.is_object()) return BadRequest("the body must be a JSON object");
  if (auto ok = CheckKnownFields(parsed, known); !ok) return tl::unexpected(ok.error());
  return parsed;
}

ApiResult<void> CheckKnownFields(const nlohmann::json& object,
                                 std::initializer_list<std::string_view> known,
                                 std::string_view where) {
  for (const auto& item : object.items()) {
    bool ok = false;
    for (std::string_view name : known) ok = ok || item.key() == name;
    if (ok) continue;
    std::string list;
    for (std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
    return BadRequest(std::string(where) + "unknown field \"" + item.key() + "\"" +
                      (list.empty() ? std::string(" (this route takes no fields)")
                                    : " (expected: " + list + ")"));
  }
  return {};
}

ApiResult<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                     std::string_view field) {
  const nlohmann::json* value = Find(object, field);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return BadRequest(Quoted(field) + " must be a string");
  return std::optional<std::string>(value->get<std::string>());
}

ApiResult<std::string> RequiredString(const nlohmann::json& object, std::string_view field) {
  auto value = OptionalString(object, field);
  if (!value) return tl::unexpected(value.error());
  if (!*value) return BadRequest(Quoted(field) + " is required");
  return std::move(**value);
}

ApiResult<std::optional<bool>> OptionalBool(const nlohmann::json& object, std::string_view field) {
  const nlohmann::json* value = Find(object, field);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return BadRequest(Quoted(field) + " must be true or false");
  return std::optional<bool>(value->get<bool>());
}

ApiResult<bool> RequiredBool(const nlohmann::json& object, std::string_view field) {
  auto value = OptionalBool(object, field);
  if (!value) return tl::unexpected(value.error());
  if (!*value) return BadRequest(Quoted(field) + " is required");
  return **value;
}

ApiResult<std::optional<int64_t>> OptionalInt(const nlohmann::json& object, std::string_view field,
                                              int64_t min, int64_t max) {
  const nlohmann::json* value = Find(object, field);
  if (value == nullptr) return std::optional<int64_t>();
  const std::string range = " between " + std::to_string(min) + " and " + std::to_string(max);
  if (value->is_number_unsigned()) {
    const uint64_t u = value->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        static_cast<int64_t>(u) > max || static_cast<int64_t>(u) < min) {
      return BadRequest(Quoted(field) + " must be an integer" + range);
    }
    return std::optional<int64_t>(static_cast<int64_t>(u));
  }
  if (!value->is_number_integer()) return BadRequest(Quoted(field) + " must be an integer" + range);
  const int64_t i = value->get<int64_t>();
  if (i < min || i > max) return BadRequest(Quoted(field) + " must be an integer" + range);
  return std::optional<int64_t>(i);
}

ApiResult<int64_t> RequiredInt(const nlohmann::json& object, std::string_view field, int64_t min,
                               int64_t max) {
  auto value = OptionalInt(object, field, min, max);
  if (!value) return tl::unexpected(value.error());
  if (!*value) return BadRequest(Quoted(field) + " is required");
  return **value;
}

ApiResult<std::vector<std::string>> OptionalStringArray(const nlohmann::json& object,
                                                        std::string_view field) {
  std::vector<std::string> out;
  const nlohmann::json* value = Find(object, field);
  if (value == nullptr) return out;
  if (!value->is_array()) return BadRequest(Quoted(field) + " must be an array of strings");
  for (const nlohmann::json& item : *value) {
    if (!item.is_string()) return BadRequest(Quoted(field) + " must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace five9exp
