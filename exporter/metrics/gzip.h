#pragma once
// Gzip compression of /metrics bodies. Pure functions; thread-safe.
//
// Two engines, measured against each other by `make bench` (BM_Gzip*): zlib's streaming
// deflate and libdeflate's one-shot compressor, which is faster for whole buffers. The body
// cache (gzip_blocks.h) uses the faster one for its members.

#include <string>
#include <string_view>

namespace five9exp {

enum class GzipEngine { kZlib, kLibdeflate };

// A complete gzip member (RFC 1952) of `data`. Level 1: bodies are large and very repetitive,
// so the fastest level already shrinks them about tenfold at a fraction of the CPU.
// Returns "" only if the engine fails (out of memory); callers then serve the plain body.
std::string GzipCompress(std::string_view data, int level = 1,
                         GzipEngine engine = GzipEngine::kLibdeflate);

}  // namespace five9exp
