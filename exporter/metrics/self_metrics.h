#pragma once
// SelfMetrics: the exporter's own counters and histograms (prometheus-cpp registry),
// fed by hooks that main wires into the pollers and by the web module.
// Thread-safe.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

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
  // five9_exporter_admin_auth_failures_total{reason}: missing, unknown, throttled.
  void CountAdminAuthFailure(std::string_view reason);
  // five9_exporter_unparsed_values_total{domain,type,column}.
  void CountUnparsedValue(std::string_view domain, std::string_view type, std::string_view column);

  // five9_exporter_leader{domain} and five9_exporter_leader_transitions_total{domain} (high
  // availability): the first call for a domain creates both (0 when not leading); each
  // change of `leading` counts one transition.
  void SetLeader(std::string_view domain, bool leading);

  // Text exposition of every family above, build_info and process_* metrics.
  std::string Render() const;
  // Changes whenever any counter moves (renderers cache by it).
  uint64_t generation() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
