#pragma once
// The one parser of a Five9 endpoint URL: the transport connects with its result and the
// config Validate judges `domains[].endpoint` with it, so a URL that passes --check-config
// is a URL the transport accepts. No third-party code (part of f9_five9_types).

#include <string>
#include <string_view>

#include "exporter/common/error.h"

namespace five9exp {

struct Endpoint {
  std::string scheme;  // "http" or "https"
  std::string host;    // an IPv6 literal keeps its brackets: "[::1]"
  int port = 0;        // 443 / 80 when the URL gives none
  std::string path;    // "/" when the URL gives none
};

// Parses scheme://host[:port][/path]. kInvalidArgument with a message that completes the
// sentence "endpoint ..." (e.g. "has an invalid port \"99999\""). Userinfo is refused
// (credentials belong in username/password; a URL with a password would leak into logs),
// and no message ever echoes the part of the URL before the host.
Result<Endpoint> ParseEndpoint(std::string_view url);

}  // namespace five9exp
