#pragma once
// SelfMetrics: the exporter's own counters and histograms (prometheus-cpp registry),
// fed by hooks that main wires into the pollers and by the web module.
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"

namespace prometheus {
class Registry;
}

namespace five9exp {

class SelfMetrics {
 public:
  SelfMetrics(std::string version, std::string revision);
  ~SelfMetrics();

  // five9_exporter_api_calls_total{domain,method,outcome} and
  // five9_exporter_api_call_duration_seconds{domain,method}.
  void ObserveApiCall(std::string_view domain, std::string_view method, std::string_view outcome,
                      std::chrono::duration<double> duration);
  // five9_exporter_full_reloads_total{domain,type,reason}.
  void CountFullReload(std::string_view domain, std::string_view type, std::string_view reason);
  // five9_exporter_admin_requests_total{action,code}.
  void CountAdminRequest(std::string_view action, int http_code);
  // five9_exporter_web_config_reloads_total{result="success"|"failure"}.
  void CountWebConfigReload(bool ok);
  // A load or reload of the config file (start-up counts as a successful one):
  // five9_exporter_config_reload_success 1/0 (the last attempt),
  // five9_exporter_config_reload_timestamp_seconds (the last success, Unix time) and
  // five9_exporter_config_reloads_total{result="success"|"failure"} (start-up not counted).
  void SetConfigLoaded(WallTime when);
  void RecordConfigReload(bool ok, WallTime when);
  // five9_exporter_http_handler_exceptions_total{handler}: a request handler threw (the
  // request got a 500); `handler` is "admin" (an admin route) or "http" (any other route).
  void CountHandlerException(std::string_view handler);
  // five9_exporter_admin_queue{domain}: admin calls waiting for their turn on the session.
  void SetAdminQueue(std::string_view domain, size_t queued);
  // five9_exporter_admin_auth_failures_total{reason}: missing, unknown, throttled.
  void CountAdminAuthFailure(std::string_view reason);
  // five9_exporter_unparsed_values_total{domain,type,column}.
  void CountUnparsedValue(std::string_view domain, std::string_view type, std::string_view column);

  // five9_exporter_http_connections{state}: open, reading, active, idle (every listener).
  // Sampled, like process_*: shown as of the last rebuild of the /metrics body, so it
  // does not move the generation.
  void SetHttpConnections(std::string_view state, int64_t count);
  // five9_exporter_http_connections_dropped_total{reason}: header_timeout, idle_timeout,
  // per_address_limit, total_limit.
  void CountHttpConnectionDropped(std::string_view reason);

  // five9_exporter_leader{domain} and five9_exporter_leader_transitions_total{domain} (high
  // availability): the first call for a domain creates both (0 when not leading); each
  // change of `leading` counts one transition.
  void SetLeader(std::string_view domain, bool leading);

  // five9_exporter_state_restores_total{domain,outcome}: resumed, none, invalid, mismatch,
  // stale, session_gone (see docs/metrics.md).
  void CountStateRestore(std::string_view domain, std::string_view outcome);
  // five9_exporter_state_checkpoints_total{domain,outcome="ok"|"error"}, and on success
  // five9_exporter_state_checkpoint_timestamp_seconds{domain} = `written` (Unix seconds).
  void CountCheckpoint(std::string_view domain, bool ok, double written);

  // five9_exporter_session_takeovers_total{domain}: another client of our API user
  // closed our Five9 session.
  void CountSessionTakeover(std::string_view domain);

  // Text exposition of every family above, build_info and process_* metrics.
  std::string Render() const;
  // Changes whenever any counter moves (renderers cache by it).
  uint64_t generation() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
