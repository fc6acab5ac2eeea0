#pragma once
// Gzip compression of /metrics bodies (zlib). Pure function; thread-safe.

#include <string>
#include <string_view>

namespace five9exp {

// A complete gzip member (RFC 1952) of `data`. Level 1: bodies are large and very repetitive,
// so the fastest level already shrinks them about tenfold at a fraction of the CPU.
// Returns "" only if zlib fails (out of memory); callers then serve the plain body.
std::string GzipCompress(std::string_view data, int level = 1);

}  // namespace five9exp
