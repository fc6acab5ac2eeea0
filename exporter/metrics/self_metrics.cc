// The one file that uses prometheus-cpp's registry for the exporter's own metrics.
#include "exporter/metrics/self_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <atomic>
#include <string>

#include "exporter/metrics/metric_names.h"
#include "exporter/metrics/process_metrics.h"

namespace five9exp {
namespace {

// Long polls last up to a few seconds and timeouts up to 30 s: buckets cover 10 ms .. 60 s.
const prometheus::Histogram::BucketBoundaries kDurationBuckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                                  1,    2.5,   5,    10,  30,   60};

prometheus::MetricFamily GaugeFamily(std::string name, std::string help,
                                     std::optional<double> value) {
  prometheus::MetricFamily family{
      std::move(name), std::move(help), prometheus::MetricType::Gauge, {}};
  if (value) {
    prometheus::ClientMetric metric;
    metric.gauge.value = *value;
    family.metric.push_back(std::move(metric));
  }
  return family;
}

}  // namespace

struct SelfMetrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& api_calls =
      prometheus::BuildCounter()
          .Name("five9_exporter_api_calls_total")
          .Help("Five9 API calls by method and outcome (ok, or the fault or error name).")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& api_call_duration =
      prometheus::BuildHistogram()
          .Name("five9_exporter_api_call_duration_seconds")
          .Help("Duration of Five9 API calls, long polls included.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& full_reloads =
      prometheus::BuildCounter()
          .Name("five9_exporter_full_reloads_total")
          .Help("Full reloads (getStatistics) of a statistic type, by reason.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& admin_requests =
      prometheus::BuildCounter()
          .Name("five9_exporter_admin_requests_total")
          .Help("Admin API requests by action and HTTP status code.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& web_config_reloads =
      prometheus::BuildCounter()
          .Name("five9_exporter_web_config_reloads_total")
          .Help(
              "Re-reads of the web config file or TLS files after a change, by result; a "
              "failure keeps the last good settings.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& admin_auth_failures =
      prometheus::BuildCounter()
          .Name("five9_exporter_admin_auth_failures_total")
          .Help(
              "Admin requests refused before authentication succeeded, by reason "
              "(missing or unknown token, throttled remote address).")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& unparsed_values =
      prometheus::BuildCounter()
          .Name("five9_exporter_unparsed_values_total")
          .Help("Statistic values that did not fit their column's kind and were skipped.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& leader =
      prometheus::BuildGauge()
          .Name("five9_exporter_leader")
          .Help("1 while this replica holds the domain's Lease and may call Five9, else 0.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& leader_transitions =
      prometheus::BuildCounter()
          .Name("five9_exporter_leader_transitions_total")
          .Help("Times this replica started or stopped leading the domain.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& config_reload_success =
      prometheus::BuildGauge()
          .Name("five9_exporter_config_reload_success")
          .Help(
              "1 when the last load or reload of the config file succeeded, 0 when it was "
              "refused (the previous configuration keeps running).")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& config_reload_timestamp =
      prometheus::BuildGauge()
          .Name("five9_exporter_config_reload_timestamp_seconds")
          .Help("Unix time of the last successful load or reload of the config file.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& config_reloads =
      prometheus::BuildCounter()
          .Name("five9_exporter_config_reloads_total")
          .Help(
              "Reloads of the config file (SIGHUP, POST /-/reload) by result; a failure "
              "keeps the previous configuration.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& handler_exceptions =
      prometheus::BuildCounter()
          .Name("five9_exporter_http_handler_exceptions_total")
          .Help("HTTP requests whose handler threw (answered 500), by handler: admin or http.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& admin_queue =
      prometheus::BuildGauge()
          .Name("five9_exporter_admin_queue")
          .Help("Admin calls waiting for their turn on the domain's Five9 session.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& state_restores =
      prometheus::BuildCounter()
          .Name("five9_exporter_state_restores_total")
          .Help(
              "Starts of a domain by what its checkpoint allowed: resumed, none, invalid, "
              "mismatch, stale; session_gone when a resumed session then proved gone.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& state_checkpoints =
      prometheus::BuildCounter()
          .Name("five9_exporter_state_checkpoints_total")
          .Help("Checkpoint files written (ok) or failed (error), by domain.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& state_checkpoint_timestamp =
      prometheus::BuildGauge()
          .Name("five9_exporter_state_checkpoint_timestamp_seconds")
          .Help("When the domain's last checkpoint file was written (Unix seconds).")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& session_takeovers =
      prometheus::BuildCounter()
          .Name("five9_exporter_session_takeovers_total")
          .Help(
              "Times Five9 closed our session because another client opened one with the "
              "same API user (SessionClosedFault).")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& http_connections =
      prometheus::BuildGauge()
          .Name("five9_exporter_http_connections")
          .Help(
              "Open HTTP connections of every listener by state: open (all), reading (a "
              "request head), active (served by a worker), idle (keep-alive).")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& http_connections_dropped =
      prometheus::BuildCounter()
          .Name("five9_exporter_http_connections_dropped_total")
          .Help(
              "HTTP connections closed or refused by the server: request head not complete "
              "in web.read_header_timeout, keep-alive idle past web.idle_timeout, or "
              "room made under web.max_connections_per_address / web.max_connections.")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& build_info =
      prometheus::BuildGauge()
          .Name("five9_exporter_build_info")
          .Help("Version and git revision of the exporter; always 1.")
          .Register(*registry);
  std::atomic<uint64_t> generation{1};
};

SelfMetrics::SelfMetrics(std::string version, std::string revision)
    : impl_(std::make_unique<Impl>()) {
  impl_->build_info.Add({{"version", std::move(version)}, {"revision", std::move(revision)}})
      .Set(1);
  for (const char* state : {"open", "reading", "active", "idle"}) {
    impl_->http_connections.Add({{"state", state}}).Set(0);
  }
  for (const char* reason :
       {"header_timeout", "idle_timeout", "per_address_limit", "total_limit"}) {
    impl_->http_connections_dropped.Add({{"reason", reason}});
  }
}

SelfMetrics::~SelfMetrics() = default;

void SelfMetrics::ObserveApiCall(std::string_view domain, std::string_view method,
                                 std::string_view outcome, std::chrono::duration<double> duration) {
  impl_->api_calls
      .Add({{"domain", SanitizeUtf8(domain)},
            {"method", SanitizeUtf8(method)},
            {"outcome", SanitizeUtf8(outcome)}})
      .Increment();
  impl_->api_call_duration
      .Add({{"domain", SanitizeUtf8(domain)}, {"method", SanitizeUtf8(method)}}, kDurationBuckets)
      .Observe(duration.count());
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountFullReload(std::string_view domain, std::string_view type,
                                  std::string_view reason) {
  impl_->full_reloads
      .Add({{"domain", SanitizeUtf8(domain)},
            {"type", SanitizeUtf8(type)},
            {"reason", SanitizeUtf8(reason)}})
      .Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountAdminRequest(std::string_view action, int http_code) {
  impl_->admin_requests.Add({{"action", SanitizeUtf8(action)}, {"code", std::to_string(http_code)}})
      .Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountWebConfigReload(bool ok) {
  impl_->web_config_reloads.Add({{"result", ok ? "success" : "failure"}}).Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::SetConfigLoaded(WallTime when) {
  impl_->config_reload_success.Add({}).Set(1);
  impl_->config_reload_timestamp.Add({}).Set(
      std::chrono::duration<double>(when.time_since_epoch()).count());
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::RecordConfigReload(bool ok, WallTime when) {
  impl_->config_reloads.Add({{"result", ok ? "success" : "failure"}}).Increment();
  if (ok) {
    SetConfigLoaded(when);
    return;
  }
  impl_->config_reload_success.Add({}).Set(0);
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountHandlerException(std::string_view handler) {
  impl_->handler_exceptions.Add({{"handler", SanitizeUtf8(handler)}}).Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::SetAdminQueue(std::string_view domain, size_t queued) {
  impl_->admin_queue.Add({{"domain", SanitizeUtf8(domain)}}).Set(static_cast<double>(queued));
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountAdminAuthFailure(std::string_view reason) {
  impl_->admin_auth_failures.Add({{"reason", SanitizeUtf8(reason)}}).Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::SetHttpConnections(std::string_view state, int64_t count) {
  impl_->http_connections.Add({{"state", SanitizeUtf8(state)}}).Set(static_cast<double>(count));
}

void SelfMetrics::CountHttpConnectionDropped(std::string_view reason) {
  impl_->http_connections_dropped.Add({{"reason", SanitizeUtf8(reason)}}).Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountUnparsedValue(std::string_view domain, std::string_view type,
                                     std::string_view column) {
  impl_->unparsed_values
      .Add({{"domain", SanitizeUtf8(domain)},
            {"type", SanitizeUtf8(type)},
            {"column", SanitizeUtf8(column)}})
      .Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::SetLeader(std::string_view domain, bool leading) {
  const prometheus::Labels labels{{"domain", SanitizeUtf8(domain)}};
  prometheus::Gauge& gauge = impl_->leader.Add(labels);
  prometheus::Counter& transitions = impl_->leader_transitions.Add(labels);
  if ((gauge.Value() != 0) != leading) {
    gauge.Set(leading ? 1 : 0);
    transitions.Increment();
  }
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountStateRestore(std::string_view domain, std::string_view outcome) {
  impl_->state_restores.Add({{"domain", SanitizeUtf8(domain)}, {"outcome", SanitizeUtf8(outcome)}})
      .Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountCheckpoint(std::string_view domain, bool ok, double written) {
  const std::string name = SanitizeUtf8(domain);
  impl_->state_checkpoints.Add({{"domain", name}, {"outcome", ok ? "ok" : "error"}}).Increment();
  if (ok) impl_->state_checkpoint_timestamp.Add({{"domain", name}}).Set(written);
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

void SelfMetrics::CountSessionTakeover(std::string_view domain) {
  impl_->session_takeovers.Add({{"domain", SanitizeUtf8(domain)}}).Increment();
  impl_->generation.fetch_add(1, std::memory_order_relaxed);
}

std::string SelfMetrics::Render() const {
  std::vector<prometheus::MetricFamily> families = impl_->registry->Collect();
  const ProcessStats process = ReadProcessStats();
  auto counter = [](std::string name, std::string help, std::optional<double> value) {
    prometheus::MetricFamily family{
        std::move(name), std::move(help), prometheus::MetricType::Counter, {}};
    if (value) {
      prometheus::ClientMetric metric;
      metric.counter.value = *value;
      family.metric.push_back(std::move(metric));
    }
    return family;
  };
  families.push_back(counter("process_cpu_seconds_total",
                             "Total user and system CPU time spent in seconds.",
                             process.cpu_seconds_total));
  families.push_back(GaugeFamily("process_resident_memory_bytes", "Resident memory size in bytes.",
                                 process.resident_memory_bytes));
  families.push_back(GaugeFamily("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                                 process.virtual_memory_bytes));
  families.push_back(GaugeFamily("process_start_time_seconds",
                                 "Start time of the process since unix epoch in seconds.",
                                 process.start_time_seconds));
  families.push_back(
      GaugeFamily("process_open_fds", "Number of open file descriptors.", process.open_fds));
  families.push_back(
      GaugeFamily("process_max_fds", "Maximum number of open file descriptors.", process.max_fds));
  try {
    return prometheus::TextSerializer().Serialize(families);
  } catch (const std::exception&) {
    // Serialising only fails on allocation; an empty part keeps /metrics serving the rest.
    return {};
  }
}

uint64_t SelfMetrics::generation() const {
  return impl_->generation.load(std::memory_order_relaxed);
}

}  // namespace five9exp
