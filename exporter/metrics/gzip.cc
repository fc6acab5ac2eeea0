#include "exporter/metrics/gzip.h"

#include <libdeflate.h>
#include <zlib.h>

#include <memory>

namespace five9exp {
namespace {

std::string LibdeflateCompress(std::string_view data, int level) {
  struct Free {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  // A compressor holds ~0.5 MiB of tables: one per thread, reused across calls.
  thread_local std::unique_ptr<libdeflate_compressor, Free> compressors[13];
  const int clamped = level < 1 ? 1 : (level > 12 ? 12 : level);
  auto& compressor = compressors[clamped];
  if (!compressor) compressor.reset(libdeflate_alloc_compressor(clamped));
  if (!compressor) return {};
  std::string out(libdeflate_gzip_compress_bound(compressor.get(), data.size()), '\0');
  const size_t size =
      libdeflate_gzip_compress(compressor.get(), data.data(), data.size(), out.data(), out.size());
  if (size == 0) return {};
  out.resize(size);
  out.shrink_to_fit();
  return out;
}

std::string ZlibCompress(std::string_view data, int level) {
  z_stream stream{};
  // 15 window bits + 16 selects the gzip wrapper instead of zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  // Grow the output as deflate fills it rather than sizing it to deflateBound(): the bound is
  // about the input size (tens of MiB for a large domain), and a string sized so would stay
  // resident for as long as the cached body lives, for a result about ten times smaller.
  constexpr size_t kChunk = 256 * 1024;
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int result = Z_OK;
  while (result == Z_OK) {
    const size_t used = out.size();
    out.resize(used + kChunk);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = static_cast<uInt>(kChunk);
    result = deflate(&stream, Z_FINISH);
    out.resize(used + kChunk - stream.avail_out);
  }
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return {};
  out.shrink_to_fit();
  return out;
}

}  // namespace

std::string GzipCompress(std::string_view data, int level, GzipEngine engine) {
  return engine == GzipEngine::kZlib ? ZlibCompress(data, level) : LibdeflateCompress(data, level);
}

}  // namespace five9exp
