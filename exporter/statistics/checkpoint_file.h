#pragma once
// Checkpoint files on disk: one file per domain in the state directory, replaced atomically
// so a crash at any moment leaves either the old or the new checkpoint, never a mix.
//
// Atomic replace: write <path>.tmp-<pid>, fsync it, rename over <path>, fsync the folder
// (without the folder's fsync the rename itself may be lost on power failure).
// Plain functions; thread-safe for distinct paths (one writer per domain file).

#include <optional>
#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9exp {

// <directory>/<domain>.checkpoint, the domain name percent-encoded outside [A-Za-z0-9_-]
// (a name such as "../x" or "a/b" stays inside the directory).
std::string CheckpointPath(std::string_view directory, std::string_view domain);

// Replaces `path` with `bytes` atomically (see above). kIo naming the failing step; the
// temporary file is removed on failure and the old file stays.
Result<void> WriteFileAtomically(const std::string& path, std::string_view bytes);

// The file's bytes; std::nullopt when it does not exist. kIo for other failures and for
// files larger than `max_bytes` (not read).
Result<std::optional<std::string>> ReadSmallFile(const std::string& path, size_t max_bytes);

// Creates the directory (and parents) when missing; kIo when it cannot or is not writable.
Result<void> EnsureStateDirectory(const std::string& directory);

}  // namespace five9exp
