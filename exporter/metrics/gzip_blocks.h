#pragma once
// BlockGzip: a /metrics body compressed as a sequence of independent gzip members, one per
// block of lines, reusing the members of blocks that did not change since the last body.
//
// RFC 1952 section 2.2: a gzip file is a series of members; every reader that follows it
// (zlib's gunzip, Go's compress/gzip, which Prometheus uses) returns their concatenation.
// Blocks end at line ends chosen by content (a hash of the line's label set, before its
// value; blocks of 16-64 KiB), so a changed value or an inserted line moves only its own block's
// edges: after a delta touching 1% of the rows, most blocks hash the same as before and
// their compressed member is copied instead of recompressed.
//
// Not thread-safe: owned by Exposition, used under its mutex.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exporter/metrics/gzip.h"

namespace five9exp {

class BlockGzip {
 public:
  explicit BlockGzip(GzipEngine engine = GzipEngine::kLibdeflate) : engine_(engine) {}

  // The gzip body of `plain`; "" if compression failed. Keeps the members of this body
  // (only those) for the next call.
  std::string Compress(std::string_view plain);

  // Of the last Compress: blocks in the body, and how many had to be compressed.
  size_t last_blocks() const { return last_blocks_; }
  size_t last_compressed() const { return last_compressed_; }

  static constexpr size_t kMinBlock = 16 * 1024;
  static constexpr size_t kMaxBlock = 64 * 1024;

 private:
  struct Key {
    uint64_t hash;
    size_t size;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& key) const { return key.hash ^ key.size; }
  };

  GzipEngine engine_;
  std::unordered_map<Key, std::string, KeyHash> members_;
  size_t last_blocks_ = 0;
  size_t last_compressed_ = 0;
};

// A block of a body as BlockGzip cuts it: its end offset (exclusive) and content hash.
struct GzipBlock {
  size_t end = 0;
  uint64_t hash = 0;
};
std::vector<GzipBlock> GzipBlocks(std::string_view plain);

}  // namespace five9exp
