#pragma once
// CheckpointWriter: the background thread that turns published domain snapshots into
// checkpoints (checkpoint.h), so pollers never wait for the disk.
//
// Every `interval` it looks at each configured domain's latest snapshot in the store; when
// its data changed since the last checkpoint (a table's version or Five9 timestamp, or a new
// QueryStatistics call) it encodes a checkpoint, keeps the bytes in memory (Latest) and, with
// a directory, replaces <directory>/<domain>.checkpoint atomically. Nothing is written while
// the data stand still. Flush() does the same at once on the caller's thread (shutdown and
// reload handover write their final checkpoint with it).
//
// Without a directory the writer keeps the bytes in memory only (what an HA replica serves at
// GET /-/state/{domain}).
//
// Thread-safe: SetDomains, Flush, Latest and Stop may be called from any thread. The store
// and clock must outlive the writer.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/config/config.h"
#include "exporter/statistics/checkpoint.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

struct CheckpointWriterOptions {
  std::string directory;                       // "" = keep checkpoints in memory only
  std::chrono::milliseconds interval{10'000};  // at most this often per domain while data change
};

// Called on the writing thread; must not block.
struct CheckpointWriterHooks {
  // The value kinds the renderer keeps for a domain (metrics); may be unset.
  std::function<ColumnKinds(const std::string& domain)> column_kinds;
  // After every attempt to write a domain's file: ok, and the checkpoint's time.
  std::function<void(const std::string& domain, bool ok, WallTime written)> on_written;
};

class CheckpointWriter {
 public:
  CheckpointWriter(CheckpointWriterOptions options, const SnapshotStore& store, Clock& clock,
                   CheckpointWriterHooks hooks = {});
  ~CheckpointWriter();  // Stop()
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  // The domains to checkpoint (their fingerprints come from these configs). A domain that
  // disappears keeps its file (a later config may bring it back) but leaves Latest.
  void SetDomains(const std::vector<DomainConfig>& domains);
  void Start();
  // Joins the thread; writes nothing (call Flush first for a final checkpoint). Idempotent.
  void Stop();
  // Checkpoints every domain whose data changed since its last checkpoint, now.
  void Flush();
  // Flush of one domain; returns the encoded checkpoint (nullptr when it has no ready
  // table yet or is unknown).
  std::shared_ptr<const std::string> FlushDomain(const std::string& domain);
  // The latest encoded checkpoint of `domain`, nullptr when none yet.
  std::shared_ptr<const std::string> Latest(const std::string& domain) const;

  const CheckpointWriterOptions& options() const { return options_; }

 private:
  struct DomainState {
    DomainConfig config;
    uint64_t written_signature = 0;  // data signature of the last checkpoint (0 = none)
    std::shared_ptr<const std::string> latest;
  };

  void Run(std::stop_token stop);
  // Encodes and writes one domain when its data changed. Caller holds write_mutex_.
  std::shared_ptr<const std::string> WriteIfChanged(const std::string& domain);

  const CheckpointWriterOptions options_;
  const SnapshotStore& store_;
  Clock& clock_;
  const CheckpointWriterHooks hooks_;

  std::mutex write_mutex_;  // one write at a time (files are replaced, not appended)
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::map<std::string, DomainState> domains_;

  std::jthread thread_;
};

}  // namespace five9exp
