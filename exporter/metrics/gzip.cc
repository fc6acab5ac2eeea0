#include "exporter/metrics/gzip.h"

#include <zlib.h>

namespace five9exp {

std::string GzipCompress(std::string_view data, int level) {
  z_stream stream{};
  // 15 window bits + 16 selects the gzip wrapper instead of zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const size_t produced = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return {};
  out.resize(produced);
  return out;
}

}  // namespace five9exp
