// The checkpoint loader (statistics/checkpoint.h): bytes from disk or from a peer's
// GET /-/state decode to a checkpoint or are refused by name, never crash or over-allocate.
// The first input byte picks the mode: even = the bytes as a file; odd = the rest is a
// payload sealed with a valid header and CRC, so the fuzzer explores the payload reader
// instead of stopping at the checksum. A decoded checkpoint re-encodes to bytes that decode
// to the same encoding (the format round-trips), and AcceptCheckpoint judges it without
// crashing.
#include <zlib.h>

#include "exporter/statistics/checkpoint.h"
#include "fuzz/fuzz_support.h"

namespace {

void AppendLittleEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::string Sealed(std::string_view payload) {
  std::string bytes = "F9XCKPT\n";
  AppendLittleEndian(bytes, five9exp::kCheckpointFormatVersion, 4);
  AppendLittleEndian(bytes, payload.size(), 8);
  bytes.append(payload);
  const uLong crc =
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
  AppendLittleEndian(bytes, crc, 4);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest = five9fuzz::AsText(data + 1, size - 1);
  const std::string bytes = (data[0] & 1) != 0 ? Sealed(rest) : std::string(rest);

  auto decoded = five9exp::DecodeCheckpoint(bytes);
  if (!decoded) {
    FUZZ_CHECK(decoded.error().problem == five9exp::CheckpointProblem::kInvalid,
               "a decoding failure is not 'invalid'");
    FUZZ_CHECK(!decoded.error().message.empty(), "a refusal without a message");
    return 0;
  }
  const std::string encoded = five9exp::EncodeCheckpoint(*decoded);
  auto again = five9exp::DecodeCheckpoint(encoded);
  FUZZ_CHECK(again.has_value(), "an encoded checkpoint does not decode");
  FUZZ_CHECK(five9exp::EncodeCheckpoint(*again) == encoded, "the format does not round-trip");

  five9exp::DomainConfig domain;
  domain.name = decoded->domain;
  auto accepted = five9exp::AcceptCheckpoint(bytes, domain, decoded->written);
  if (!accepted) FUZZ_CHECK(!accepted.error().message.empty(), "a refusal without a message");
  return 0;
}
