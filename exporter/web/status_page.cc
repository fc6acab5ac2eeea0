#include "exporter/web/status_page.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace five9exp {
namespace {

std::string FormatAge(WallTime updated, WallTime now) {
  if (updated == WallTime{}) return "never";
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - updated).count();
  if (seconds < 0) return "0s";
  char buf[64];
  if (seconds < 120) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(seconds));
  } else if (seconds < 7200) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60));
  }
  return buf;
}

std::string FormatTime(WallTime time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

void RenderGuard(std::string& out, const DroppedByType* dropped) {
  out += "<h3>Cardinality guard</h3>\n";
  size_t columns = 0;
  if (dropped) {
    for (const auto& [type, count] : *dropped) columns += count.columns;
  }
  if (columns == 0) {
    out += "<p>Nothing dropped (domains[].limits).</p>\n";
    return;
  }
  out +=
      "<table><tr><th>Statistic type</th><th>Columns dropped</th><th>Series dropped</th>"
      "</tr>\n";
  for (const auto& [type, count] : *dropped) {
    if (count.columns == 0) continue;
    out += "<tr><td>" + HtmlEscape(ToWire(type)) + "</td><td class=bad>" +
           std::to_string(count.columns) + "</td><td class=bad>" + std::to_string(count.series) +
           "</td></tr>\n";
  }
  out += "</table>\n";
}

void RenderDomain(std::string& out, const DomainSnapshot& snapshot, WallTime now,
                  const DroppedByType* dropped) {
  out += "<section><h2>" + HtmlEscape(snapshot.domain) + "</h2>\n";
  out += "<p>Session: <b>" +
         HtmlEscape(snapshot.session_state.empty() ? "unknown" : snapshot.session_state) +
         "</b> &middot; up: " + std::string(snapshot.up ? "yes" : "<span class=bad>no</span>") +
         "</p>\n";

  out +=
      "<table><tr><th>Statistic type</th><th>Ready</th><th>Consistent</th><th>Age</th>"
      "<th>Rows</th></tr>\n";
  for (const auto& [type, table] : snapshot.tables) {
    out += "<tr><td>" + HtmlEscape(ToWire(type)) + "</td><td>" +
           (table.ready ? "yes" : "<span class=bad>loading</span>") + "</td><td>" +
           (table.consistent ? "yes" : "<span class=bad>reload pending</span>") + "</td><td>" +
           FormatAge(table.updated, now) + "</td><td>" + std::to_string(table.rows.size()) +
           "</td></tr>\n";
  }
  out += "</table>\n";
  RenderGuard(out, dropped);

  out += "<h3>Poll allocation</h3>\n";
  if (snapshot.poll_shares.empty()) {
    out += "<p>No statistic type enabled.</p>\n";
  } else {
    out +=
        "<table><tr><th>Statistic type</th><th>Weight</th><th>Share of polls</th>"
        "<th>Estimated changes/s</th></tr>\n";
    for (const PollShare& share : snapshot.poll_shares) {
      char figures[64];
      std::snprintf(figures, sizeof figures, "%.1f%%</td><td>%.3g", share.share * 100,
                    share.changes_per_second);
      out += "<tr><td>" + HtmlEscape(ToWire(share.type)) + "</td><td>" +
             (share.auto_weight ? "auto" : "fixed") + "</td><td>" + figures + "</td></tr>\n";
    }
    out += "</table>\n";
  }

  out += "<h3>API budget</h3>\n";
  if (snapshot.budget.empty()) {
    out += "<p>No limits read yet.</p>\n";
  } else {
    out +=
        "<table><tr><th>Operation</th><th>Window</th><th>Ours</th><th>Domain</th>"
        "<th>Allowed</th><th>Limit</th></tr>\n";
    for (const BudgetWindowState& window : snapshot.budget) {
      out += "<tr><td>" + HtmlEscape(window.operation_type) + "</td><td>" +
             std::to_string(window.window_s) + "s</td><td>" + std::to_string(window.own_used) +
             "</td><td>" + std::to_string(window.domain_used) + "</td><td>" +
             std::to_string(window.allowed) + "</td><td>" + std::to_string(window.limit) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }

  out += "<h3>Recent faults</h3>\n";
  if (snapshot.recent_faults.empty()) {
    out += "<p>None.</p>\n";
  } else {
    out += "<table><tr><th>When</th><th>Method</th><th>Fault</th><th>Message</th></tr>\n";
    // Newest first for people.
    for (auto it = snapshot.recent_faults.rbegin(); it != snapshot.recent_faults.rend(); ++it) {
      out += "<tr><td>" + FormatTime(it->when) + "</td><td>" + HtmlEscape(it->method) +
             "</td><td>" + HtmlEscape(it->label) + "</td><td>" + HtmlEscape(it->message) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  out += "</section>\n";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

static void RenderLeadership(std::string& out, const std::vector<LeadershipView>& rows) {
  auto age = [](const std::optional<double>& seconds) {
    if (!seconds) return std::string("-");
    return std::to_string(static_cast<int64_t>(*seconds)) + " s";
  };
  out +=
      "<section><h2>High availability</h2><table><tr><th>domain</th><th>this replica</th>"
      "<th>leader</th><th>Lease record age</th><th>mirror age</th><th>API server</th></tr>\n";
  for (const LeadershipView& row : rows) {
    out += "<tr><td>" + HtmlEscape(row.domain) + "</td><td>" +
           (row.leading ? "leader" : "standby") + "</td><td>" +
           (row.holder.empty() ? std::string("none") : HtmlEscape(row.holder)) + "</td><td>" +
           age(row.observed_age_seconds) + "</td><td>" +
           (row.leading ? std::string("-") : age(row.mirror_age_seconds)) + "</td><td" +
           (row.last_error.empty() ? ">ok" : " class=\"bad\">" + HtmlEscape(row.last_error)) +
           "</td></tr>\n";
  }
  out += "</table></section>\n";
}

std::string RenderStatusPage(const std::vector<std::string>& domains,
                             const std::vector<std::shared_ptr<const DomainSnapshot>>& snapshots,
                             WallTime now, std::string_view version,
                             const std::vector<LeadershipView>& leadership,
                             const std::map<std::string, DroppedByType>& dropped) {
  auto dropped_of = [&](const std::string& domain) -> const DroppedByType* {
    auto it = dropped.find(domain);
    return it == dropped.end() ? nullptr : &it->second;
  };
  std::string out;
  out +=
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>five9_exporter</title>\n"
      // Refreshes itself; one self-contained document (no script, no external resource).
      "<meta http-equiv=\"refresh\" content=\"10\">\n"
      "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
      "margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
      ".bad{color:#b00}</style></head><body>\n";
  out += "<h1>five9_exporter</h1>\n<p>Version " + HtmlEscape(version) + " &middot; " +
         FormatTime(now) +
         " &middot; <a href=\"/metrics\">/metrics</a> &middot; <a href=\"/-/ready\">/-/ready</a>"
         " &middot; <a href=\"/-/healthy\">/-/healthy</a></p>\n";
  if (!leadership.empty()) RenderLeadership(out, leadership);
  std::vector<std::string> shown;
  for (const std::string& name : domains) {
    auto it = std::find_if(snapshots.begin(), snapshots.end(),
                           [&](const auto& s) { return s && s->domain == name; });
    if (it == snapshots.end()) {
      out += "<section><h2>" + HtmlEscape(name) + "</h2><p>No data yet.</p></section>\n";
    } else {
      RenderDomain(out, **it, now, dropped_of(name));
    }
    shown.push_back(name);
  }
  // Snapshots of domains main did not list (e.g. during a reload) still deserve a look.
  for (const auto& snapshot : snapshots) {
    if (snapshot && std::find(shown.begin(), shown.end(), snapshot->domain) == shown.end()) {
      RenderDomain(out, *snapshot, now, dropped_of(snapshot->domain));
    }
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace five9exp
