#pragma once
// Transport: the HTTP seam between the typed client and the network.
// HttpTransport (http_transport.h) is the real one; tests substitute fakes.

#include <chrono>
#include <stop_token>
#include <string>

#include "exporter/common/error.h"

namespace five9exp {

struct SoapHttpRequest {
  std::string body;  // complete SOAP envelope
  // Read timeout for this call: the long-poll timeout plus a margin for slow answers.
  std::chrono::milliseconds read_timeout{30'000};
};

struct SoapHttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;  // decompressed
};

// Thread-compatible: one call at a time (Five9 serves a user's calls serially anyway).
class Transport {
 public:
  virtual ~Transport() = default;
  // POSTs the envelope. Errors: kTransport, kTimeout, kTls, kBodyTooLarge, kCancelled.
  // A non-2xx status is not an error here: the caller parses faults out of 500 bodies.
  virtual Result<SoapHttpResponse> Post(const SoapHttpRequest& request, std::stop_token stop) = 0;
};

}  // namespace five9exp
