#include "exporter/metrics/exposition.h"

#include <mutex>
#include <utility>

#include "exporter/metrics/domain_families.h"
#include "exporter/metrics/family_text.h"
#include "exporter/metrics/gzip_blocks.h"
#include "exporter/metrics/table_renderer.h"
#include "exporter/metrics/value_kind.h"

namespace five9exp {

struct Exposition::Impl {
  Impl(const SnapshotStore& store_in, SelfMetrics& self_in) : store(store_in), self(self_in) {}

  // Renders everything into a new plain body; called with `mutex` held.
  void Rebuild();
  // Rebuild() unless the body is current; called with `mutex` held.
  void Refresh();
  const RenderOptions& OptionsOf(const std::string& domain) const;
  TableRenderer& RendererFor(const std::string& domain, StatisticType type);

  const SnapshotStore& store;
  SelfMetrics& self;

  mutable std::mutex mutex;
  // State below is protected by mutex.
  std::map<std::string, RenderOptions> domains;  // render options by domain name
  std::map<std::pair<std::string, StatisticType>, std::unique_ptr<TableRenderer>> renderers;
  // Per domain: the sequence its renderers number first-seen columns with, so the guard's
  // "newest first" spans the domain's types. Kept while the process runs (a domain that
  // comes back keeps counting up).
  std::map<std::string, uint64_t> column_sequences;
  std::map<std::string, DroppedByType> dropped;  // of the current body, by domain
  // Checkpointed kinds of renderers not made yet (SeedKinds), by domain.
  std::map<std::string, std::map<StatisticType, std::map<std::string, ValueKind>>> seeds;
  uint64_t store_generation = 0;
  uint64_t self_generation = 0;
  std::shared_ptr<const std::string> plain;    // null until the first Body() or after options
  std::shared_ptr<const std::string> gzipped;  // of `plain`, made on the first gzip request
  // Compresses `plain` block by block, reusing the members of unchanged blocks (issue 16).
  BlockGzip block_gzip;
};

const RenderOptions& Exposition::Impl::OptionsOf(const std::string& domain) const {
  static const RenderOptions kDefaults;
  auto it = domains.find(domain);
  // A domain in the store but not in the config (e.g. during a reload) renders with defaults.
  return it != domains.end() ? it->second : kDefaults;
}

TableRenderer& Exposition::Impl::RendererFor(const std::string& domain, StatisticType type) {
  auto& renderer = renderers[{domain, type}];
  if (!renderer) {
    renderer = std::make_unique<TableRenderer>(domain, type, &self, &column_sequences[domain]);
    renderer->SetOptions(OptionsOf(domain));
    if (auto seed = seeds.find(domain); seed != seeds.end()) {
      if (auto kinds = seed->second.find(type); kinds != seed->second.end()) {
        renderer->SeedKinds(kinds->second);
        seed->second.erase(kinds);
      }
      if (seed->second.empty()) seeds.erase(seed);
    }
  }
  return *renderer;
}

void Exposition::Impl::Refresh() {
  if (!plain || store.generation() != store_generation || self.generation() != self_generation) {
    Rebuild();
  }
}

void Exposition::Impl::Rebuild() {
  // Drop the stale bodies first: with ~350,000 series each is tens of MiB, and keeping them
  // while the new one is built would add their size to every rebuild's peak memory. A
  // scrape still sending an old body keeps its own reference.
  plain.reset();
  gzipped.reset();
  store_generation = store.generation();
  const auto snapshots = store.GetAll();

  // Render first, merge after: the merger keeps pointers into these containers.
  std::vector<std::vector<FamilyText>> domain_families(snapshots.size());
  std::vector<std::shared_ptr<const RenderedTable>> tables;
  std::vector<std::vector<bool>> dropped_families;  // per tables entry (GuardVerdict)
  std::map<std::pair<std::string, StatisticType>, bool> live;
  dropped.clear();
  for (size_t d = 0; d < snapshots.size(); ++d) {
    const DomainSnapshot& snapshot = *snapshots[d];
    RenderDomainFamilies(snapshot, domain_families[d]);
    std::vector<GuardedTable> guarded;
    for (const auto& [type, table] : snapshot.tables) {
      tables.push_back(RendererFor(snapshot.domain, type).Render(table));
      guarded.push_back({type, tables.back().get()});
      live[{snapshot.domain, type}] = true;
    }
    GuardVerdict verdict = GuardCardinality(guarded, OptionsOf(snapshot.domain).limits);
    for (auto& families : verdict.dropped) dropped_families.push_back(std::move(families));
    RenderGuardFamilies(snapshot.domain, verdict.by_type, domain_families[d]);
    dropped[snapshot.domain] = std::move(verdict.by_type);
  }
  // Forget renderers (and their cached text) of tables and domains that went away.
  std::erase_if(renderers, [&](const auto& entry) { return !live.contains(entry.first); });

  FamilyMerger merger;
  for (size_t t = 0; t < tables.size(); ++t) {
    const std::vector<FamilyText>& families = tables[t]->families;
    for (size_t f = 0; f < families.size(); ++f) {
      if (!dropped_families[t][f]) merger.Add(families[f]);
    }
  }
  for (const auto& families : domain_families) {
    for (const FamilyText& family : families) merger.Add(family);
  }

  // Read after the tables: rendering may count unparsed values and so move the generation.
  self_generation = self.generation();
  const std::string self_text = self.Render();

  auto body = std::make_shared<std::string>();
  body->reserve(merger.ByteSize() + self_text.size());
  merger.AppendTo(*body);
  body->append(self_text);
  plain = std::move(body);
  gzipped.reset();
}

Exposition::Exposition(const SnapshotStore& store, SelfMetrics& self_metrics,
                       std::map<std::string, RenderOptions> domains)
    : impl_(std::make_unique<Impl>(store, self_metrics)) {
  SetDomains(std::move(domains));
}

Exposition::~Exposition() = default;

void Exposition::SetDomains(std::map<std::string, RenderOptions> domains) {
  std::lock_guard lock(impl_->mutex);
  impl_->domains = std::move(domains);
  for (auto& [key, renderer] : impl_->renderers) renderer->SetOptions(impl_->OptionsOf(key.first));
  impl_->plain.reset();
  impl_->gzipped.reset();
}

ColumnKinds Exposition::Kinds(const std::string& domain) const {
  std::lock_guard lock(impl_->mutex);
  ColumnKinds out;
  auto add = [&out](StatisticType type, const std::map<std::string, ValueKind>& kinds) {
    for (const auto& [column, kind] : kinds) {
      if (std::string_view name = ValueKindName(kind); !name.empty()) {
        out[type].emplace(column, std::string(name));
      }
    }
  };
  if (auto seed = impl_->seeds.find(domain); seed != impl_->seeds.end()) {
    for (const auto& [type, kinds] : seed->second) add(type, kinds);
  }
  for (const auto& [key, renderer] : impl_->renderers) {
    if (key.first == domain) add(key.second, renderer->Kinds());
  }
  return out;
}

void Exposition::SeedKinds(const std::string& domain, const ColumnKinds& kinds) {
  std::lock_guard lock(impl_->mutex);
  for (const auto& [type, columns] : kinds) {
    std::map<std::string, ValueKind> parsed;
    for (const auto& [column, name] : columns) {
      if (std::optional<ValueKind> kind = ValueKindFromName(name)) parsed.emplace(column, *kind);
    }
    auto renderer = impl_->renderers.find({domain, type});
    if (renderer != impl_->renderers.end()) {
      renderer->second->SeedKinds(parsed);
    } else {
      impl_->seeds[domain][type] = std::move(parsed);
    }
  }
  impl_->plain.reset();
  impl_->gzipped.reset();
}

std::shared_ptr<const std::string> Exposition::Body(bool gzip) {
  std::lock_guard lock(impl_->mutex);
  impl_->Refresh();
  if (!gzip) return impl_->plain;
  if (!impl_->gzipped) {
    // Once per body version: repeated gzip scrapes of unchanged data share this one.
    impl_->gzipped = std::make_shared<const std::string>(impl_->block_gzip.Compress(*impl_->plain));
  }
  return impl_->gzipped;
}

std::map<std::string, DroppedByType> Exposition::Dropped() {
  std::lock_guard lock(impl_->mutex);
  impl_->Refresh();
  return impl_->dropped;
}

}  // namespace five9exp
