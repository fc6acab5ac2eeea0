#include "exporter/metrics/gzip_blocks.h"

#include <cstring>
#include <vector>

namespace five9exp {
namespace {

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// 64-bit hash of bytes, 8 a step (the body is tens of MiB: hashing must stay far cheaper
// than compressing).
uint64_t HashBytes(const char* data, size_t size, uint64_t seed) {
  uint64_t h = seed ^ (size * 0x9e3779b97f4a7c15ULL);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data + i, size - i);
  return Mix(h ^ tail);
}

}  // namespace

// One pass over the lines: each line's label part (up to its last space) decides whether a
// block may end after it, so a value change never moves an edge (one line in 16, once the
// block has kMinBlock bytes); the block's hash combines its lines' hashes. Two blocks of
// equal size and hash share a member; with 64-bit hashes over a few thousand blocks a
// false match is about 2^-40 per body.
std::vector<GzipBlock> GzipBlocks(std::string_view plain) {
  std::vector<GzipBlock> blocks;
  size_t start = 0, pos = 0;
  uint64_t hash = 0;
  while (pos < plain.size()) {
    const char* line = plain.data() + pos;
    const void* nl = std::memchr(line, '\n', plain.size() - pos);
    const size_t length = nl ? static_cast<const char*>(nl) - line : plain.size() - pos;
    const void* space = length > 0 ? memrchr(line, ' ', length) : nullptr;
    const size_t labels = space ? static_cast<const char*>(space) - line : length;
    const uint64_t label_hash = HashBytes(line, labels, 0x5eed);
    const uint64_t line_hash = HashBytes(line + labels, length - labels, label_hash);
    hash = Mix(hash ^ line_hash);
    pos += nl ? length + 1 : length;
    const size_t size = pos - start;
    if (size >= BlockGzip::kMaxBlock || (size >= BlockGzip::kMinBlock && (label_hash >> 60) == 0)) {
      blocks.push_back({pos, hash ^ size});
      start = pos;
      hash = 0;
    }
  }
  if (start < plain.size() || blocks.empty()) blocks.push_back({plain.size(), hash});
  return blocks;
}

std::string BlockGzip::Compress(std::string_view plain) {
  const std::vector<GzipBlock> blocks = GzipBlocks(plain);
  std::unordered_map<Key, std::string, KeyHash> kept;
  kept.reserve(blocks.size());
  std::vector<const std::string*> parts;
  parts.reserve(blocks.size());
  size_t total = 0, start = 0;
  last_compressed_ = 0;
  for (const GzipBlock& entry : blocks) {
    const std::string_view block = plain.substr(start, entry.end - start);
    start = entry.end;
    const Key key{entry.hash, block.size()};
    auto it = kept.find(key);
    if (it == kept.end()) {
      auto old = members_.find(key);
      std::string member;
      if (old != members_.end()) {
        member = std::move(old->second);
        members_.erase(old);
      } else {
        member = GzipCompress(block, 1, engine_);
        ++last_compressed_;
        if (member.empty()) return {};
      }
      it = kept.emplace(key, std::move(member)).first;
    }
    parts.push_back(&it->second);
    total += it->second.size();
  }
  std::string out;
  out.reserve(total);
  for (const std::string* part : parts) out.append(*part);
  members_ = std::move(kept);
  last_blocks_ = blocks.size();
  return out;
}

}  // namespace five9exp
