#include "exporter/metrics/domain_families.h"

#include <chrono>
#include <cstdint>
#include <string>

#include "exporter/metrics/metric_names.h"

namespace five9exp {
namespace {

// Appends `name{domain="..",<label>="..",...} value\n`.
class SampleWriter {
 public:
  SampleWriter(FamilyText& family, std::string_view domain) : family_(family) {
    family_.samples.append(family_.name).append("{domain=\"");
    AppendLabelValue(family_.samples, domain);
    family_.samples += '"';
  }
  SampleWriter& Label(std::string_view name, std::string_view value) {
    family_.samples.append(",").append(name).append("=\"");
    AppendLabelValue(family_.samples, value);
    family_.samples += '"';
    return *this;
  }
  void Value(double value) {
    family_.samples.append("} ");
    AppendNumber(family_.samples, value);
    family_.samples += '\n';
  }

 private:
  FamilyText& family_;
};

// A sample of a per-operation, per-window family (limits and budget).
void WindowSample(FamilyText& family, std::string_view domain, std::string_view operation,
                  const std::string& window_seconds, int64_t value) {
  SampleWriter(family, domain)
      .Label("operation", operation)
      .Label("window_seconds", window_seconds)
      .Value(static_cast<double>(value));
}

}  // namespace

void RenderDomainFamilies(const DomainSnapshot& snapshot, std::vector<FamilyText>& out) {
  const std::string_view domain = snapshot.domain;

  FamilyText up{"five9_up", "1 while the Five9 session of the domain works, else 0.", "gauge", {}};
  SampleWriter(up, domain).Value(snapshot.up ? 1 : 0);
  out.push_back(std::move(up));

  FamilyText limit{"five9_domain_limit",
                   "Five9 request limit per operation and window (getCallCountersState).",
                   "gauge",
                   {}};
  FamilyText used{"five9_domain_limit_used",
                  "Requests the whole domain (all integrations) used in the current window "
                  "(getCallCountersState).",
                  "gauge",
                  {}};
  for (const LimitTimeoutState& window : snapshot.limits) {
    const std::string window_seconds = std::to_string(window.timeout_s);
    for (const CallCounterState& counter : window.call_counter_states) {
      WindowSample(limit, domain, counter.operation_type, window_seconds, counter.limit);
      WindowSample(used, domain, counter.operation_type, window_seconds, counter.value);
    }
  }
  out.push_back(std::move(limit));
  out.push_back(std::move(used));

  FamilyText allowed{"five9_exporter_budget_allowed",
                     "Calls this exporter may make per operation and window: "
                     "floor(limit x budget_share).",
                     "gauge",
                     {}};
  FamilyText spent{"five9_exporter_budget_spent",
                   "Calls this exporter itself made in the current window (own accounting).",
                   "gauge",
                   {}};
  for (const BudgetWindowState& window : snapshot.budget) {
    const std::string window_seconds = std::to_string(window.window_s);
    WindowSample(allowed, domain, window.operation_type, window_seconds, window.allowed);
    WindowSample(spent, domain, window.operation_type, window_seconds, window.own_used);
  }
  out.push_back(std::move(allowed));
  out.push_back(std::move(spent));

  FamilyText backoff{"five9_exporter_backoff",
                     "1 while the domain's poller backs off after errors: kind short "
                     "(exponential, transport errors and 5xx) or long (user limit, account).",
                     "gauge",
                     {}};
  SampleWriter(backoff, domain)
      .Label("kind", "short")
      .Value(snapshot.backoff == BackoffKind::kShort ? 1 : 0);
  SampleWriter(backoff, domain)
      .Label("kind", "long")
      .Value(snapshot.backoff == BackoffKind::kLong ? 1 : 0);
  out.push_back(std::move(backoff));

  FamilyText user_limit{"five9_user_limit",
                        "Maximum number of logged-in users of the kind (getUserLimits).",
                        "gauge",
                        {}};
  FamilyText logged_in{
      "five9_users_logged_in", "Users of the kind logged in (getUserLimits).", "gauge", {}};
  if (snapshot.user_limits) {
    const UserLimits& limits = *snapshot.user_limits;
    SampleWriter(user_limit, domain).Label("kind", "supervisor").Value(limits.supervisor_limit);
    SampleWriter(user_limit, domain).Label("kind", "mobile").Value(limits.mobile_limit);
    SampleWriter(logged_in, domain).Label("kind", "supervisor").Value(limits.supervisors_logged_in);
    SampleWriter(logged_in, domain).Label("kind", "mobile").Value(limits.mobile_logged_in);
  }
  out.push_back(std::move(user_limit));
  out.push_back(std::move(logged_in));

  FamilyText ready{"five9_exporter_statistics_ready",
                   "1 once the statistic type has been loaded in full at least once.",
                   "gauge",
                   {}};
  FamilyText updated{"five9_exporter_statistics_updated_timestamp_seconds",
                     "Wall time of the last applied load or update of the statistic type; stops "
                     "moving while Five9 is unreachable.",
                     "gauge",
                     {}};
  FamilyText objects{"five9_exporter_statistics_objects",
                     "Rows (agents, skills or campaigns) in the cached statistic table.",
                     "gauge",
                     {}};
  FamilyText consistent{"five9_exporter_statistics_consistent",
                        "0 while the statistic table is in doubt and a full reload is pending "
                        "(the last good values are served), else 1.",
                        "gauge",
                        {}};
  for (const auto& [type, table] : snapshot.tables) {
    const std::string_view wire = ToWire(type);
    SampleWriter(ready, domain).Label("type", wire).Value(table.ready ? 1 : 0);
    if (table.updated.time_since_epoch().count() != 0) {
      const double seconds =
          std::chrono::duration<double>(table.updated.time_since_epoch()).count();
      SampleWriter(updated, domain).Label("type", wire).Value(seconds);
    }
    SampleWriter(objects, domain).Label("type", wire).Value(static_cast<double>(table.rows.size()));
    SampleWriter(consistent, domain).Label("type", wire).Value(table.consistent ? 1 : 0);
  }
  out.push_back(std::move(ready));
  out.push_back(std::move(updated));
  out.push_back(std::move(objects));
  out.push_back(std::move(consistent));

  FamilyText poll_share{"five9_exporter_poll_share",
                        "Fraction of the domain's getStatisticsUpdate polls the scheduler gives "
                        "the statistic type now (fixed weight or weight: auto); 0 while not "
                        "ready.",
                        "gauge",
                        {}};
  for (const PollShare& share : snapshot.poll_shares) {
    SampleWriter(poll_share, domain).Label("type", ToWire(share.type)).Value(share.share);
  }
  out.push_back(std::move(poll_share));
}

void RenderGuardFamilies(std::string_view domain, const DroppedByType& dropped,
                         std::vector<FamilyText>& out) {
  FamilyText series{"five9_exporter_series_dropped",
                    "Samples of the statistic type left out of /metrics by the cardinality guard "
                    "(domains[].limits): whole column families, the newest columns first.",
                    "gauge",
                    {}};
  FamilyText columns{"five9_exporter_columns_dropped",
                     "Column families of the statistic type left out of /metrics by the "
                     "cardinality guard (domains[].limits), the newest columns first.",
                     "gauge",
                     {}};
  for (const auto& [type, count] : dropped) {
    const std::string_view wire = ToWire(type);
    SampleWriter(series, domain).Label("type", wire).Value(static_cast<double>(count.series));
    SampleWriter(columns, domain).Label("type", wire).Value(static_cast<double>(count.columns));
  }
  out.push_back(std::move(series));
  out.push_back(std::move(columns));
}

}  // namespace five9exp
