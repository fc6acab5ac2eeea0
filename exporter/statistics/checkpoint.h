#pragma once
// Checkpoints: what a restart (or a standby replica) needs to go on where the last process
// stopped polling one domain (SPEC "Continuity"). This file is the format: encode, decode and
// the acceptance rules. checkpoint_file.h writes and reads the files, checkpoint_writer.h
// produces them in the background, DomainPoller::Restore consumes them.
//
// What a checkpoint holds: the domain's ready tables (columns, rows, last Five9 timestamp,
// wall time of the last update, consistency), each column's value kind as the renderer kept it
// (opaque strings here: statistics does not know the metrics module's kinds), the view
// settings sent, and our own QueryStatistics call times of the last 24 h (wall clock: steady
// clocks do not survive a restart).
//
// Byte layout. The 20-byte header and the 4-byte trailer are fixed for every format version,
// so any build can read the version of any file and refuse cleanly what it cannot read:
//   0   8  magic "F9XCKPT\n" (a text-mode transfer or a foreign file fails here)
//   8   4  format version, little endian (kCheckpointFormatVersion)
//   12  8  payload length N, little endian (file size must be exactly 24 + N)
//   20  N  payload (version 1: see checkpoint.cc, LEB128 varints and length-prefixed strings)
//   20+N 4 CRC-32 (IEEE) of bytes [0, 20+N), little endian
// A later version bumps the version number; its decoder keeps the version-1 payload reader
// for old files (or refuses them with kInvalid naming the version). Every single-bit flip and
// every truncation is refused: the CRC detects all single-bit errors, the length catches cuts.
//
// Contract for other modules (issue 13, HA, serves and consumes these bytes):
//   - CheckpointWriter::Latest(domain) gives the latest encoded bytes of a domain in memory
//     (GET /-/state/{domain} serves exactly those bytes);
//   - AcceptCheckpoint(bytes, domain config, now) checks bytes received from a peer or read
//     from disk: decode + fingerprint + age; on success, DomainPoller::Restore(checkpoint)
//     before DomainPoller::Start() makes the poller start warm (no setSessionParameters, no
//     getStatistics); ExporterRuntime does exactly this for files.
// Pure functions of their arguments; thread-safe.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/config/config.h"
#include "exporter/five9/types.h"
#include "exporter/statistics/snapshot.h"

namespace five9exp {

inline constexpr uint32_t kCheckpointFormatVersion = 1;
// Refuse anything larger before reading it (the large-domain fixture is a few MiB).
inline constexpr size_t kMaxCheckpointBytes = size_t{1} << 30;
// Call times older than this are not kept: the longest Five9 window is a day.
inline constexpr std::chrono::hours kCallHistory{24};

// Column name -> value kind name, per type (opaque to this module; see metrics/value_kind.h).
using ColumnKinds = std::map<StatisticType, std::map<std::string, std::string>>;

struct DomainCheckpoint {
  std::string domain;
  uint64_t fingerprint = 0;  // CheckpointFingerprint of the writer's DomainConfig
  WallTime written{};        // when it was taken (age check)
  ViewSettings view_settings;
  // Ready tables only. TableSnapshot::version is not kept (restored tables count afresh).
  std::map<StatisticType, TableSnapshot> tables;
  ColumnKinds column_kinds;
  std::vector<WallTime> query_statistics_calls;  // ascending, within kCallHistory of `written`
};

// Why a checkpoint was not used; the names are the outcome labels of
// five9_exporter_state_restores_total.
enum class CheckpointProblem {
  kInvalid,   // "invalid": corrupt, truncated, not a checkpoint, or another format version
  kMismatch,  // "mismatch": another domain, endpoint, username or view settings
  kStale,     // "stale": older than the session's idle timeout
};
std::string_view CheckpointProblemName(CheckpointProblem problem);

struct CheckpointRejection {
  CheckpointProblem problem = CheckpointProblem::kInvalid;
  std::string message;  // for the one warning; names the field or offset
};

template <typename T>
using CheckpointResult = tl::expected<T, CheckpointRejection>;

// FNV-1a (64 bit) of domain name, endpoint, username and view settings: the identity of a
// Five9 session. The password is deliberately not part of it (it is a secret, and a rotated
// password does not change the session's data).
uint64_t CheckpointFingerprint(const DomainConfig& domain);

// The checkpoint of a published snapshot (its ready tables share rows with it: cheap).
// `calls` are our QueryStatistics call times; those older than kCallHistory before `now`
// are dropped.
DomainCheckpoint CheckpointFromSnapshot(const DomainSnapshot& snapshot, const DomainConfig& domain,
                                        const std::vector<WallTime>& calls, ColumnKinds kinds,
                                        WallTime now);

// The file bytes (header, payload, CRC).
std::string EncodeCheckpoint(const DomainCheckpoint& checkpoint);

// Parses and verifies bytes; kInvalid for anything that is not a well-formed checkpoint of a
// version this build reads. Never throws, never reads out of bounds, allocates at most in
// proportion to the input size.
CheckpointResult<DomainCheckpoint> DecodeCheckpoint(std::string_view bytes);

// Maximum age of a checkpoint for `domain`: the session's idle timeout (Five9 ends an unused
// session then, so an older checkpoint's timestamps are worthless).
std::chrono::seconds MaxCheckpointAge(const DomainConfig& domain);

// Whether an already decoded checkpoint may resume `domain` at `now`: kMismatch for another
// fingerprint, kStale when older than MaxCheckpointAge (or written in the future by more
// than a minute: a clock jump we cannot judge).
CheckpointResult<void> CheckCheckpointFits(const DomainCheckpoint& checkpoint,
                                           const DomainConfig& domain, WallTime now);

// DecodeCheckpoint + CheckCheckpointFits.
CheckpointResult<DomainCheckpoint> AcceptCheckpoint(std::string_view bytes,
                                                    const DomainConfig& domain, WallTime now);

}  // namespace five9exp
