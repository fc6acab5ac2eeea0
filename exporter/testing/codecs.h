#pragma once
// Encoders tests build and check wire bytes with (f9_test_support): gzip (RFC 1952) both
// ways, and base64 (RFC 4648, with padding) for Basic credentials. Independent of the
// exporter's own encoders (metrics' gzip, web's Basic parser), so a test compares the
// product with a second implementation, never with itself. Malformed input throws
// std::runtime_error (the test fails).

#include <string>
#include <string_view>

namespace five9exp {

// One gzip member of `data` (zlib, fastest level).
std::string Gzip(std::string_view data);

// Every member of a (multi-member, RFC 1952 2.2) gzip body inflated and concatenated, as
// Go's and zlib's gunzip read it; `members`, when given, receives how many there were.
std::string Gunzip(std::string_view data, int* members = nullptr);

// Standard alphabet, '=' padded.
std::string Base64(std::string_view data);

}  // namespace five9exp
