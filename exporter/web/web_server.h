#pragma once
// WebServer: the exporter's HTTP(S) listeners and everything served on them:
//   GET  /metrics     Exposition body (gzip when asked), text format 0.0.4
//   GET  /-/healthy   200 "OK" while the process serves
//   GET  /-/ready     200 once every enabled type of every domain has loaded, else 503
//                     listing what is missing
//   POST /-/reload    calls ReloadFn; with the admin API on it needs a token with the
//                     `session` role, with it off it is accepted from loopback only
//   GET  /-/state/{domain}  the domain's checkpoint bytes for standby replicas (peer token)
//   GET  /            HTML status page
//   /api/v1/...       the admin API (admin_api.h), when AdminConfig::enabled
// One listener, or two when admin.listen_address is set (the admin API then lives only
// on the second). HTTPS on every listener when web.tls or the web config file's
// tls_server_config is set; basic_auth_users and headers of that file (web_security.h)
// apply to every route but the Bearer-token ones. The admin API refuses to
// start on a non-loopback address without TLS unless admin.insecure.
//
// Each listener is a ConnectionServer (connection_server.h): one loop thread takes every
// connection, its TLS handshake and request head under web.read_header_timeout and the
// connection caps, and hands only complete requests to that listener's worker pool,
// where httplib routes them. This file and connection_server.cc are the only ones of the
// project that include httplib's server.
//
// Ownership: main owns the WebServer and everything passed in WebServerDeps; those
// must outlive Stop(). Threads: Start() spawns each listener's loop thread and workers;
// Stop() stops and joins them.
// SetDomains/SetAdminConfig are thread-safe. ReloadFn runs on an HTTP worker thread and
// must not Stop() this server synchronously (it would join itself).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/config/config.h"
#include "exporter/metrics/cardinality_guard.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/admin_api.h"
#include "exporter/web/domain_handle.h"
#include "exporter/web/leadership_view.h"
#include "exporter/web/peer_state.h"

namespace five9exp {

// The /metrics body; main wires Exposition::Body.
using MetricsBodyFn = std::function<std::shared_ptr<const std::string>(bool gzip)>;
// Reloads the configuration; an Error with kConfig/kInvalidArgument answers 400, others 500.
using ReloadFn = std::function<Result<void>()>;

struct WebServerOptions {
  WebConfig web;      // listen_address, tls, connection timeouts and caps
  AdminConfig admin;  // the admin API (enabled, listen_address, tokens, limits, body cap)
  // How long an admin call waits for its turn on the Five9 session before 504.
  std::chrono::milliseconds admin_queue_timeout{15'000};
  std::string version = "unknown";  // shown on the status page
  // Worker threads per listener; they only ever serve complete requests. Admin calls may
  // block while Five9 answers, so at most max_admin_in_flight of them run at once (503
  // beyond) and scrapes keep the rest.
  int worker_threads = 16;
  int max_admin_in_flight = 6;
  // Bearer token of GET /-/state/{domain} (high_availability.peer_token); empty = off.
  std::string peer_token;
};

struct WebServerDeps {
  const SnapshotStore* store = nullptr;     // required
  Clock* clock = nullptr;                   // required (rate limiter, page ages)
  MetricsBodyFn metrics_body;               // required for /metrics (503 when empty)
  AdminRequestCounter count_admin_request;  // SelfMetrics::CountAdminRequest; may be empty
  ReloadFn reload;                          // may be empty: /-/reload answers 503
  // High availability (may be empty): the status page's leadership table and the
  // checkpoint bytes of GET /-/state/{domain}.
  std::function<std::vector<LeadershipView>()> leadership;
  PeerStateFn peer_state;
  // SelfMetrics::CountAdminAuthFailure; may be empty.
  AdminAuthFailureCounter count_admin_auth_failure;
  // five9_exporter_web_config_reloads_total{result}; may be empty.
  std::function<void(bool ok)> count_web_config_reload;
  // What the cardinality guard drops, by domain (Exposition::Dropped), for the status page;
  // may be empty.
  std::function<std::map<std::string, DroppedByType>()> dropped_families;
  // five9_exporter_http_handler_exceptions_total{handler}; may be empty.
  HandlerExceptionCounter count_handler_exception;
  // five9_exporter_http_connections{state} (sum of every listener) and
  // five9_exporter_http_connections_dropped_total{reason}; may be empty. Called from the
  // listeners' loop threads.
  std::function<void(std::string_view state, int64_t count)> set_http_connections;
  std::function<void(std::string_view reason)> count_http_connection_dropped;
};

class WebServer {
 public:
  WebServer(WebServerOptions options, WebServerDeps deps);
  ~WebServer();  // Stop()
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Validates the options, binds every listener and starts serving. Errors: kConfig for
  // an insecure admin address or unusable TLS files, kInvalidArgument for a bad listen
  // address, kIo when a port cannot be bound. On error nothing keeps running.
  Result<void> Start();
  // Stops accepting, finishes in-flight requests, joins. Idempotent.
  void Stop();

  // The bound ports (useful with port 0). admin_port() == port() when shared; 0 when
  // not started or the admin API is off.
  int port() const;
  int admin_port() const;

  // Replaces the domains served (readiness, status page, admin API). Blocks until no
  // admin request still uses a runner or chat buffer missing from `domains`, so the
  // caller may destroy a dropped poller once this returns: Stop() the poller (queued
  // calls fail fast), SetDomains() without it, then destroy it. Never from a route.
  void SetDomains(std::vector<DomainHandle> domains);
  // Replaces admin tokens, rate limits and the body cap. Listener changes need a restart.
  void SetAdminConfig(const AdminConfig& admin);
  // Reopens admin.audit_log by name (SIGHUP; logrotate). Thread-safe.
  void ReopenAuditLog();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
