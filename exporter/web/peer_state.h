#pragma once
// GET /-/state/{domain}: a leader's checkpoint bytes for its standbys (SPEC "High
// availability"). Bearer peer token; the ETag is the checkpoint's version, so a standby
// asking with If-None-Match for an unchanged state costs a 304 and no body. Pure function
// of its arguments; thread-safe.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exporter/web/http_message.h"

namespace five9exp {

struct PeerState {
  std::shared_ptr<const std::string> bytes;  // checkpoint format (statistics/checkpoint*)
  std::string etag;                          // quoted entity tag, changes with the bytes
};

// The state of a domain this replica leads; nullopt when it does not lead it (404).
using PeerStateFn = std::function<std::optional<PeerState>(const std::string& domain)>;

// `peer_token` empty: the route is off (404). 401 without the right token (never echoing
// it), 404 for a domain not led here, 304 when If-None-Match matches, else 200.
HttpResponse ServePeerState(const HttpRequest& request, const std::string& domain,
                            const std::string& peer_token, const PeerStateFn& state);

}  // namespace five9exp
