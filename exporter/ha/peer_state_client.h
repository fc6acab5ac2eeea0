#pragma once
// PeerStateClient: a standby's GET <state-url>/-/state/{domain} (SPEC "High availability":
// the leader's checkpoint bytes, Bearer peer token, If-None-Match so an unchanged state costs
// a 304). One per standby thread; the only other file of the ha module using httplib.
//
// Thread-compatible: one Fetch at a time.

#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "exporter/common/error.h"

namespace five9exp {

struct PeerFetch {
  bool not_modified = false;  // 304: the state behind `etag` is still current
  std::string etag;
  std::shared_ptr<const std::string> bytes;  // set unless not_modified
};

struct PeerStateClientOptions {
  std::string peer_token;  // secret: never logged
  std::chrono::milliseconds timeout{5000};
  size_t max_response_bytes = size_t{1} << 30;  // checkpoints of large domains are MiBs
};

class PeerStateClient {
 public:
  explicit PeerStateClient(PeerStateClientOptions options);
  // kInvalidArgument for an unusable URL, kHttpStatus (404: the peer does not lead the
  // domain, 401: token refused) and the transport's errors.
  Result<PeerFetch> Fetch(const std::string& base_url, const std::string& domain,
                          const std::string& etag, std::stop_token stop);

 private:
  const PeerStateClientOptions options_;
};

}  // namespace five9exp
