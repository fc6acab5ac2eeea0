#include "exporter/statistics/checkpoint_writer.h"

#include <utility>

#include "exporter/common/log.h"
#include "exporter/statistics/checkpoint_file.h"

namespace five9exp {
namespace {

// Changes whenever anything a checkpoint holds changes; never 0 for a snapshot with a ready
// table (0 means "never written").
uint64_t DataSignature(const DomainSnapshot& snapshot) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&hash](uint64_t v) {
    hash ^= v;
    hash *= 0x100000001b3ULL;
  };
  for (const auto& [type, table] : snapshot.tables) {
    if (!table.ready) continue;
    mix(static_cast<uint64_t>(type));
    mix(table.version);
    mix(static_cast<uint64_t>(table.five9_timestamp));
    mix(table.consistent ? 1 : 2);
    mix(static_cast<uint64_t>(table.updated.time_since_epoch().count()));
  }
  if (snapshot.query_statistics_calls) {
    mix(snapshot.query_statistics_calls->size());
    if (!snapshot.query_statistics_calls->empty()) {
      mix(static_cast<uint64_t>(
          snapshot.query_statistics_calls->back().time_since_epoch().count()));
    }
  }
  return hash == 0 ? 1 : hash;
}

bool AnyReady(const DomainSnapshot& snapshot) {
  for (const auto& [type, table] : snapshot.tables) {
    if (table.ready) return true;
  }
  return false;
}

}  // namespace

CheckpointWriter::CheckpointWriter(CheckpointWriterOptions options, const SnapshotStore& store,
                                   Clock& clock, CheckpointWriterHooks hooks)
    : options_(std::move(options)), store_(store), clock_(clock), hooks_(std::move(hooks)) {}

CheckpointWriter::~CheckpointWriter() { Stop(); }

void CheckpointWriter::SetDomains(const std::vector<DomainConfig>& domains) {
  std::lock_guard lock(mutex_);
  std::map<std::string, DomainState> next;
  for (const DomainConfig& domain : domains) {
    DomainState state;
    auto old = domains_.find(domain.name);
    // Same session identity: the last checkpoint still describes this domain.
    if (old != domains_.end() &&
        CheckpointFingerprint(old->second.config) == CheckpointFingerprint(domain)) {
      state = std::move(old->second);
    }
    state.config = domain;
    next.emplace(domain.name, std::move(state));
  }
  domains_ = std::move(next);
}

void CheckpointWriter::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void CheckpointWriter::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void CheckpointWriter::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    // Wakes of the shared clock (admin calls) end the sleep early; the deadline is kept.
    const SteadyTime due = clock_.SteadyNow() + options_.interval;
    while (!stop.stop_requested() && clock_.SteadyNow() < due) clock_.SleepUntil(due, stop);
    if (stop.stop_requested()) return;
    Flush();
  }
}

void CheckpointWriter::Flush() {
  std::vector<std::string> names;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, state] : domains_) names.push_back(name);
  }
  std::lock_guard write(write_mutex_);
  for (const std::string& name : names) WriteIfChanged(name);
}

std::shared_ptr<const std::string> CheckpointWriter::FlushDomain(const std::string& domain) {
  std::lock_guard write(write_mutex_);
  return WriteIfChanged(domain);
}

std::shared_ptr<const std::string> CheckpointWriter::WriteIfChanged(const std::string& domain) {
  DomainConfig config;
  uint64_t written = 0;
  {
    std::lock_guard lock(mutex_);
    auto it = domains_.find(domain);
    if (it == domains_.end()) return nullptr;
    config = it->second.config;
    written = it->second.written_signature;
  }
  std::shared_ptr<const DomainSnapshot> snapshot = store_.Get(domain);
  if (!snapshot || !AnyReady(*snapshot)) return Latest(domain);
  const uint64_t signature = DataSignature(*snapshot);
  if (signature == written) return Latest(domain);

  const WallTime now = clock_.WallNow();
  static const std::vector<WallTime> kNoCalls;
  DomainCheckpoint checkpoint = CheckpointFromSnapshot(
      *snapshot, config,
      snapshot->query_statistics_calls ? *snapshot->query_statistics_calls : kNoCalls,
      hooks_.column_kinds ? hooks_.column_kinds(domain) : ColumnKinds{}, now);
  auto bytes = std::make_shared<const std::string>(EncodeCheckpoint(checkpoint));
  bool ok = true;
  if (!options_.directory.empty()) {
    Result<void> saved = WriteFileAtomically(CheckpointPath(options_.directory, domain), *bytes);
    if (!saved) {
      ok = false;
      LogWarn("cannot write checkpoint; the previous one stays",
              {{"domain", domain}, {"error", saved.error().message}});
    }
  }
  {
    std::lock_guard lock(mutex_);
    auto it = domains_.find(domain);
    if (it != domains_.end()) {
      it->second.latest = bytes;
      // A failed write is retried next interval even if nothing changes meanwhile.
      if (ok) it->second.written_signature = signature;
    }
  }
  if (hooks_.on_written) hooks_.on_written(domain, ok, now);
  return bytes;
}

std::shared_ptr<const std::string> CheckpointWriter::Latest(const std::string& domain) const {
  std::lock_guard lock(mutex_);
  auto it = domains_.find(domain);
  return it == domains_.end() ? nullptr : it->second.latest;
}

}  // namespace five9exp
