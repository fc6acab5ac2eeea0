#include "exporter/metrics/gzip.h"

#include <zlib.h>

namespace five9exp {

std::string GzipCompress(std::string_view data, int level) {
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

}  // namespace five9exp
