#pragma once
// Test helper: inflates every member of a (multi-member, RFC 1952 2.2) gzip body, as Go's
// and zlib's gunzip do. Header-only, tests only.

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace five9exp {

// Every member of a gzip body, concatenated; counts the members.
inline std::string GunzipMembers(const std::string& data, int* members) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  *members = 0;
  int result = Z_OK;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - stream.avail_out);
    if (result == Z_STREAM_END) {
      ++*members;
      if (stream.avail_in == 0) break;
      inflateReset(&stream);
    } else if (result != Z_OK) {
      ADD_FAILURE() << "inflate: " << result;
      break;
    }
  }
  inflateEnd(&stream);
  return out;
}

// The same without the count.
inline std::string Gunzip(const std::string& data) {
  int members = 0;
  return GunzipMembers(data, &members);
}

}  // namespace five9exp
