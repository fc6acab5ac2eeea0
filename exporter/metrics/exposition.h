#pragma once
// Exposition: the whole /metrics body. Statistic tables, state, info and limit
// families are rendered straight from the SnapshotStore's immutable snapshots;
// self-metrics come from SelfMetrics. The body is cached until either changes.
// Each domain's statistic families pass the cardinality guard (cardinality_guard.h) with
// the domain's RenderOptions::limits before they reach the body.
// Thread-safe; Body() never waits for Five9.

#include <map>
#include <memory>
#include <string>

#include "exporter/metrics/cardinality_guard.h"
#include "exporter/metrics/render_options.h"
#include "exporter/metrics/self_metrics.h"
#include "exporter/statistics/checkpoint.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

class Exposition {
 public:
  // `domains`: render options by domain name (RenderOptionsByDomain); a domain without
  // renders with the defaults.
  Exposition(const SnapshotStore& store, SelfMetrics& self_metrics,
             std::map<std::string, RenderOptions> domains);
  ~Exposition();

  // Replaces render options on reload.
  void SetDomains(std::map<std::string, RenderOptions> domains);

  // The value kinds decided so far for `domain`'s columns, by kind name (checkpoints
  // carry them, so a restart renders every family under the same name at once).
  ColumnKinds Kinds(const std::string& domain) const;
  // Kinds from a checkpoint for columns not decided yet (pinned kinds still win); kept
  // until the domain's tables are first rendered. Unknown kind names are ignored.
  void SeedKinds(const std::string& domain, const ColumnKinds& kinds);

  // The text format 0.0.4 body; gzip-compressed when `gzip`. Cached until data changes.
  std::shared_ptr<const std::string> Body(bool gzip);

  // What the cardinality guard drops from the current body, by domain name (the body is
  // brought up to date first, as by Body()). For the status page.
  std::map<std::string, DroppedByType> Dropped();

  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
