#pragma once
// AuditLog: the admin API's audit trail, its own sink independent of --log.level
// (SPEC "Web security conventions"): one JSON object per line and per admin request,
// refused ones (401, 403, 429, ...) included:
//   {"time":"2026-11-28T15:47:27.901Z","token":"wallboard-bot","remote":"10.0.0.7",
//    "method":"POST","route":"/api/v1/domains/{domain}/campaigns/{name}/start",
//    "action":"campaign_start","domain":"acme","target":"Summer","status":200,
//    "outcome":"ok","fault":""}
// Never a token secret, a password or a request body.
//
// The target is "stderr" or a file path (created 0600, appended to). Reopen() reopens the
// file by name, for logrotate's SIGHUP; a target that cannot be opened is a start-up
// error, and at run time keeps the previous file (logged at warn).
//
// Thread-safe: each line is written with a single write(2) under a mutex.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9exp {

struct AuditRecord {
  std::chrono::system_clock::time_point time;
  std::string_view token;  // token name, "" when none was accepted
  std::string_view remote;
  std::string_view method;
  std::string_view route;  // route pattern, or the raw path when none matched
  std::string_view action;
  std::string_view domain;
  std::string_view target;
  int status = 0;
  std::string_view outcome;  // "ok" or the error code of the answer
  std::string_view fault;    // Five9 fault name, "" when none
};

inline constexpr std::string_view kAuditToStderr = "stderr";

class AuditLog {
 public:
  // Opens `target` ("stderr" or a path). kIo when the file cannot be opened.
  static Result<std::unique_ptr<AuditLog>> Open(std::string target);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  void Write(const AuditRecord& record);
  // Reopens the same target by name (after logrotate moved the file).
  Result<void> Reopen();
  // Switches to `target` (config reload); a no-op when unchanged. On error the old target
  // stays.
  Result<void> SetTarget(const std::string& target);

  // The JSON line of `record` (without the newline). Exposed for tests.
  static std::string Format(const AuditRecord& record);

 private:
  explicit AuditLog(std::string target, int fd) : target_(std::move(target)), fd_(fd) {}
  static Result<int> OpenFd(const std::string& target);

  std::mutex mutex_;
  // State below is protected by mutex_.
  std::string target_;
  int fd_;  // 2 for stderr (never closed), else owned
};

}  // namespace five9exp
