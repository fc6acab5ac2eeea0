#include "exporter/common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

namespace five9exp {
namespace {

std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::atomic<LogFormat> g_format{LogFormat::kLogfmt};
std::mutex g_sink_mutex;
std::ostream* g_sink = nullptr;  // guarded by g_sink_mutex; nullptr = std::cerr

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void AppendLogfmtValue(std::string& out, std::string_view s) {
  bool needs_quotes = s.empty();
  for (unsigned char c : s) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c >= 0x7f) needs_quotes = true;
  }
  if (!needs_quotes) {
    out += s;
    return;
  }
  AppendJsonString(out, s);  // logfmt quoting is JSON string quoting in practice
}

std::string NowRfc3339() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

bool ParseLogLevel(std::string_view text, LogLevel* out) {
  if (text == "debug")
    *out = LogLevel::kDebug;
  else if (text == "info")
    *out = LogLevel::kInfo;
  else if (text == "warn")
    *out = LogLevel::kWarn;
  else if (text == "error")
    *out = LogLevel::kError;
  else
    return false;
  return true;
}

bool ParseLogFormat(std::string_view text, LogFormat* out) {
  if (text == "logfmt")
    *out = LogFormat::kLogfmt;
  else if (text == "json")
    *out = LogFormat::kJson;
  else
    return false;
  return true;
}

void SetLogLevel(LogLevel level) { g_level = level; }
void SetLogFormat(LogFormat format) { g_format = format; }
void SetLogSink(std::ostream* sink) {
  std::lock_guard lock(g_sink_mutex);
  g_sink = sink;
}

std::string FormatLogLine(LogFormat format, std::string_view time, LogLevel level,
                          std::string_view message, std::initializer_list<LogField> fields) {
  std::string out;
  if (format == LogFormat::kJson) {
    out += "{\"ts\":";
    AppendJsonString(out, time);
    out += ",\"level\":";
    AppendJsonString(out, LevelName(level));
    out += ",\"msg\":";
    AppendJsonString(out, message);
    for (const auto& [key, value] : fields) {
      out += ',';
      AppendJsonString(out, key);
      out += ':';
      AppendJsonString(out, value);
    }
    out += '}';
  } else {
    out += "ts=";
    out += time;
    out += " level=";
    out += LevelName(level);
    out += " msg=";
    AppendLogfmtValue(out, message);
    for (const auto& [key, value] : fields) {
      out += ' ';
      out += key;
      out += '=';
      AppendLogfmtValue(out, value);
    }
  }
  out += '\n';
  return out;
}

void Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
  if (level < g_level.load()) return;
  const std::string line = FormatLogLine(g_format.load(), NowRfc3339(), level, message, fields);
  std::lock_guard lock(g_sink_mutex);
  std::ostream& sink = g_sink ? *g_sink : std::cerr;
  sink << line;
  sink.flush();
}

}  // namespace five9exp
