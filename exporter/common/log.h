#pragma once
// Structured logging to stderr in logfmt or JSON. Thread-safe.
//
// Callers pass key/value fields; values are quoted/escaped here. Never pass a
// secret (password, token, Authorization header): nothing here can tell.

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace five9exp {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class LogFormat { kLogfmt, kJson };

// Parses "debug", "info", "warn", "error"; false on anything else.
bool ParseLogLevel(std::string_view text, LogLevel* out);
// Parses "logfmt", "json"; false on anything else.
bool ParseLogFormat(std::string_view text, LogFormat* out);

using LogField = std::pair<std::string_view, std::string>;

// Process-wide settings; set once in main before threads start (and on reload).
void SetLogLevel(LogLevel level);
void SetLogFormat(LogFormat format);
// Redirects output (tests); nullptr restores stderr.
void SetLogSink(std::ostream* sink);

// Writes one line: time, level, msg, then fields in order.
void Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields = {});

inline void LogDebug(std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kDebug, m, f);
}
inline void LogInfo(std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kInfo, m, f);
}
inline void LogWarn(std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kWarn, m, f);
}
inline void LogError(std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(LogLevel::kError, m, f);
}

// Formats one line without writing it (exposed for tests).
std::string FormatLogLine(LogFormat format, std::string_view time, LogLevel level,
                          std::string_view message, std::initializer_list<LogField> fields);

}  // namespace five9exp
