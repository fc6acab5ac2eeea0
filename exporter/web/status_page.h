#pragma once
// The HTML status page at /: per domain the session state, each type's readiness, age
// and row count, what the cardinality guard drops, the budget used per window and the
// recent faults. Every value that
// came from Five9 or the config is HTML-escaped (agent and campaign names, fault
// messages are not ours to trust). Pure functions; thread-safe.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/metrics/cardinality_guard.h"
#include "exporter/statistics/snapshot.h"
#include "exporter/web/leadership_view.h"

namespace five9exp {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

// `domains` are the configured domain names (a domain without a snapshot shows as
// "no data yet"); `now` is used for ages. `leadership` (high availability) adds a table of
// who leads each domain and how fresh this replica's mirror of it is. `dropped`: what the
// cardinality guard leaves out of /metrics, by domain (Exposition::Dropped).
std::string RenderStatusPage(const std::vector<std::string>& domains,
                             const std::vector<std::shared_ptr<const DomainSnapshot>>& snapshots,
                             WallTime now, std::string_view version,
                             const std::vector<LeadershipView>& leadership = {},
                             const std::map<std::string, DroppedByType>& dropped = {});

}  // namespace five9exp
