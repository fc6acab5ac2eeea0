// The Lease JSON decoder (ha/lease.h) and the Status message reader: any bytes decode or
// are refused by name. A decoded Lease encodes and decodes back to itself.
#include "exporter/ha/lease.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json = five9fuzz::AsText(data, size);
  (void)five9exp::StatusMessageOf(json);
  auto lease = five9exp::DecodeLease(json);
  if (!lease) {
    five9fuzz::CheckError(lease.error());
    return 0;
  }
  auto again = five9exp::DecodeLease(five9exp::EncodeLease(*lease));
  FUZZ_CHECK(again.has_value(), "an encoded Lease does not decode");
  return 0;
}
