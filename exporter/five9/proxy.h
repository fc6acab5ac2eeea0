#pragma once
// The egress proxy of a Five9 endpoint (SPEC "Web security conventions", Egress): which
// proxy, if any, the transport goes through, and the parser of a proxy URL. The config
// Validate and the runtime both decide with ChooseProxy, so a proxy that passes
// --check-config is the proxy the transport uses. No third-party code (f9_five9_types).
//
// Conventions (curl's, where curl and Go differ, except where noted):
// - `domains[].proxy_url`, when the key is present, wins over the environment; "" = none.
// - Otherwise https endpoints read https_proxy then HTTPS_PROXY, http endpoints http_proxy
//   then HTTP_PROXY (the first non-empty one); ALL_PROXY is not read.
// - no_proxy then NO_PROXY (first non-empty) lists hosts that bypass the environment's
//   proxy; nothing is bypassed implicitly, loopback included.
// - Only http:// proxies (CONNECT carries HTTPS end to end), and the port must be given
//   (curl assumes 1080, Go 80: we guess neither).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "exporter/common/error.h"
#include "exporter/five9/endpoint.h"

namespace five9exp {

struct ProxyServer {
  std::string host;  // an IPv6 literal keeps its brackets: "[::1]"
  int port = 0;
  std::string username;  // Basic proxy credentials; empty = none
  std::string password;  // secret: never logged

  // "http://host:port": how messages and logs name the proxy (never the credentials).
  std::string Display() const;
};

// Where a proxy URL comes from: the config file refuses user:password@ (credentials belong
// in proxy_credentials_file) and wants the scheme; the environment, as curl and Go read it,
// may carry percent-encoded userinfo and may leave out "http://" (and any path is ignored).
enum class ProxyUrlOrigin { kConfig, kEnvironment };

// Parses http://host:port. kInvalidArgument with a message that completes the sentence
// "proxy_url ..." and never echoes the part of the URL before the host.
Result<ProxyServer> ParseProxyUrl(std::string_view url, ProxyUrlOrigin origin);

// True when the NO_PROXY list names host:port. Entries are separated by commas or white
// space and compared without case: `*` (everything), a host name or domain suffix with or
// without a leading dot ("example.com" and ".example.com" both match example.com and
// api.example.com; a leading "*." is read as "."), an IP address (any spelling of the same
// address) or CIDR block ("10.0.0.0/8", "fd00::/8"); each may end in :port ("[::1]:8080")
// to match that port only (Go's rule; curl ignores ports). Names match names, addresses
// match addresses: no DNS.
bool NoProxyMatches(std::string_view no_proxy, std::string_view host, int port);

// getenv, or a fake in tests.
using EnvLookup = std::function<const char*(const char*)>;

struct ProxyChoice {
  std::optional<ProxyServer> server;  // none: connect directly
  // Why, for the start-up log: "proxy_url", "env:https_proxy", "env:NO_PROXY" (bypassed),
  // or "" (no proxy configured anywhere).
  std::string source;
};

// The proxy for `endpoint`: `proxy_url` when given (the key present), else the environment.
// Errors (kInvalidArgument): for proxy_url the ParseProxyUrl message; for the environment
// a message naming the variable ("environment variable HTTPS_PROXY has no port ...").
Result<ProxyChoice> ChooseProxy(const std::optional<std::string>& proxy_url,
                                const Endpoint& endpoint, const EnvLookup& env);

}  // namespace five9exp
