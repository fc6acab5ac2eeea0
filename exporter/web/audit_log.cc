#include "exporter/web/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "exporter/common/log.h"

namespace five9exp {
namespace {

std::string FormatTime(std::chrono::system_clock::time_point time) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return text;
}

}  // namespace

Result<int> AuditLog::OpenFd(const std::string& target) {
  if (target == kAuditToStderr) return STDERR_FILENO;
  const int fd = open(target.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo,
                     "admin.audit_log: cannot open \"" + target + "\": " + std::strerror(errno));
  }
  return fd;
}

Result<std::unique_ptr<AuditLog>> AuditLog::Open(std::string target) {
  auto fd = OpenFd(target);
  if (!fd) return tl::unexpected(fd.error());
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(target), *fd));
}

AuditLog::~AuditLog() {
  if (fd_ != STDERR_FILENO) close(fd_);
}

std::string AuditLog::Format(const AuditRecord& r) {
  nlohmann::ordered_json line = {
      {"time", FormatTime(r.time)}, {"token", r.token},   {"remote", r.remote},
      {"method", r.method},         {"route", r.route},   {"action", r.action},
      {"domain", r.domain},         {"target", r.target}, {"status", r.status},
      {"outcome", r.outcome},       {"fault", r.fault}};
  // Invalid UTF-8 (a raw path) is replaced, never thrown on.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AuditLog::Write(const AuditRecord& record) {
  const std::string line = Format(record) + "\n";
  std::lock_guard lock(mutex_);
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // disk full or closed stderr: nothing better to do than go on
    written += static_cast<size_t>(n);
  }
}

Result<void> AuditLog::Reopen() {
  std::string target;
  {
    std::lock_guard lock(mutex_);
    target = target_;
  }
  if (target == kAuditToStderr) return {};
  auto fd = OpenFd(target);
  if (!fd) {
    LogWarn("cannot reopen the audit log; writing on to the old file",
            {{"error", fd.error().message}});
    return tl::unexpected(fd.error());
  }
  std::lock_guard lock(mutex_);
  if (fd_ != STDERR_FILENO) close(fd_);
  fd_ = *fd;
  return {};
}

Result<void> AuditLog::SetTarget(const std::string& target) {
  {
    std::lock_guard lock(mutex_);
    if (target == target_) return {};
  }
  auto fd = OpenFd(target);
  if (!fd) {
    LogWarn("cannot open the new audit log; keeping the old one", {{"error", fd.error().message}});
    return tl::unexpected(fd.error());
  }
  std::lock_guard lock(mutex_);
  if (fd_ != STDERR_FILENO) close(fd_);
  fd_ = *fd;
  target_ = target;
  return {};
}

}  // namespace five9exp
