#pragma once
// AdminApi: the authenticated JSON API under /api/v1/domains/{domain}/ (SPEC "Admin API").
//
// For every request, in this order: match the route on the raw path (404/405),
// authenticate the Bearer token (401 + WWW-Authenticate), apply the token's rate limit
// (429 + Retry-After), check the route's role (403), cap the body (413), decode each
// path parameter exactly once (400), find the domain (404), then run the route function
// (admin_routes.h). Each request ends in one audit line (token name, action, method,
// route, domain, target, status, outcome, Five9 fault, remote address; never the token
// secret, never a password) and one count
// (AdminRequestCounter -> five9_exporter_admin_requests_total{action,code}).
// The audit line goes to admin.audit_log (audit_log.h), whatever the log level. Failed
// authentications are throttled per remote address (auth_failure_limiter.h: 429
// auth_throttled) and counted (five9_exporter_admin_auth_failures_total{reason}).
//
// Thread-safe: Handle() runs concurrently on the HTTP server's worker threads; domains
// and tokens may be replaced at any time (config reload).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/config/config.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/api_error.h"
#include "exporter/web/audit_log.h"
#include "exporter/web/auth.h"
#include "exporter/web/auth_failure_limiter.h"
#include "exporter/web/domain_handle.h"
#include "exporter/web/http_message.h"
#include "exporter/web/rate_limiter.h"

namespace five9exp {

// five9_exporter_admin_requests_total{action,code}; main wires SelfMetrics::CountAdminRequest.
using AdminRequestCounter = std::function<void(std::string_view action, int http_code)>;
// five9_exporter_admin_auth_failures_total{reason}: "missing", "unknown" or "throttled".
using AdminAuthFailureCounter = std::function<void(std::string_view reason)>;
// five9_exporter_http_handler_exceptions_total{handler}: "admin" (a route) or "http".
using HandlerExceptionCounter = std::function<void(std::string_view handler)>;

inline constexpr std::string_view kAdminApiPrefix = "/api/v1/domains/";

struct AdminApiOptions {
  AdminConfig admin;  // tokens, rate limit, body cap
  // How long an admin call may wait for its turn on the domain's session before 504.
  std::chrono::milliseconds queue_timeout{15'000};
  AdminAuthFailureCounter count_auth_failure;       // may be empty
  HandlerExceptionCounter count_handler_exception;  // may be empty
};

class AdminApi {
 public:
  // `store` and `clock` must outlive this object. `counter` may be empty.
  AdminApi(AdminApiOptions options, const SnapshotStore& store, Clock& clock,
           AdminRequestCounter counter);

  // Replaces the domains the API can address, then blocks until no request still uses a
  // runner or chat buffer that is not in `domains` any more. After it returns, the caller
  // may destroy the pollers it dropped. (Stop a poller first so that calls queued on it
  // fail fast; then SetDomains; then destroy it.) Must not be called from a route.
  void SetDomains(std::vector<DomainHandle> domains);
  // Replaces tokens, rate limits, the body cap and the audit target (config reload).
  void SetAdminConfig(const AdminConfig& admin);
  // Reopens the audit file by name (SIGHUP, after logrotate moved it).
  void ReopenAuditLog();

  // Answers any request whose path starts with /api/.
  HttpResponse Handle(const HttpRequest& request);

  // For non-API routes that need a token (POST /-/reload): authenticates, rate-limits
  // and checks `role`. Returns the error answer (already audited and counted under
  // `action`) or nullopt with `*principal` set.
  std::optional<HttpResponse> Authorize(const HttpRequest& request, std::string_view role,
                                        std::string_view action, Principal* principal);

  // Writes the audit line and counts the request. Exposed for /-/reload.
  void Audit(const HttpRequest& request, std::string_view token_name, std::string_view action,
             std::string_view route, std::string_view domain, std::string_view target,
             const HttpResponse& response, std::string_view fault);

 private:
  // The throttle, then the token: the 429 or 401 answer, or nullopt with *principal set.
  std::optional<ApiError> AuthenticateRequest(const HttpRequest& request, Principal* principal);
  // Finds the domain and marks its runner/chat buffer in use (Release() undoes it).
  std::optional<DomainHandle> AcquireDomain(const std::string& name);
  void ReleaseDomain(const DomainHandle& handle);

  const SnapshotStore& store_;
  Clock& clock_;
  const AdminRequestCounter counter_;
  const std::chrono::milliseconds queue_timeout_;
  const AdminAuthFailureCounter count_auth_failure_;
  const HandlerExceptionCounter count_handler_exception_;
  Authenticator authenticator_;       // thread-safe itself
  RateLimiter rate_limiter_;          // thread-safe itself
  AuthFailureLimiter auth_failures_;  // thread-safe itself
  std::unique_ptr<AuditLog> audit_;   // thread-safe itself; set in the constructor

  mutable std::mutex mutex_;
  std::condition_variable released_;  // signalled when an in-use count drops
  // State below is protected by mutex_.
  std::vector<DomainHandle> domains_;
  std::map<const void*, int> in_use_;  // runner/chat pointer -> requests using it
  size_t max_body_bytes_;
};

}  // namespace five9exp
