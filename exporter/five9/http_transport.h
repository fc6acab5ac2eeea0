#pragma once
// HttpTransport: the real Transport, HTTP(S) POSTs to the Five9 endpoint. The only
// file (with its .cc) that uses httplib's client.
//
// - HTTPS verifies the server certificate by default (system CAs or `ca_file`).
// - HTTP Basic auth on every request; the password and the Authorization header
//   never appear in error messages.
// - An optional egress proxy (proxy.h chooses it): http:// endpoints are forwarded
//   (absolute request-target, Proxy-Authorization on each request), https:// endpoints
//   go through a CONNECT tunnel with the target's certificate verified end to end.
//   Five9's credentials never reach the proxy in a CONNECT, the proxy's never reach Five9.
//   Errors name the proxy (never its credentials); a 407 is kHttpStatus 407.
// - Keep-alive: one connection is reused across calls.
// - Read timeout per call (SoapHttpRequest::read_timeout) so long polls get theirs.
// - Cancellable: a stop_token callback stops the client, interrupting a long poll.
// - The (decompressed) response body is capped while it is received.
//
// Thread-compatible: one Post at a time (Transport's contract); the stop callback
// may fire from another thread, which httplib's Client::stop() supports.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "exporter/common/error.h"
#include "exporter/five9/proxy.h"
#include "exporter/five9/transport.h"

namespace five9exp {

struct HttpTransportOptions {
  // Full endpoint URL, https:// or http://, e.g.
  // https://api.five9.com/wssupervisor/v4/SupervisorWebService
  std::string endpoint;
  std::string username;
  std::string password;  // secret: never logged
  // PEM CA bundle for verification; empty = the system store.
  std::string ca_file;
  // Disables certificate verification (tests against self-signed servers only).
  bool insecure_skip_verify = false;
  std::chrono::milliseconds connect_timeout{10'000};
  // Egress proxy; none = connect directly.
  std::optional<ProxyServer> proxy;
  // Cap of a decompressed response body.
  size_t max_response_bytes = 64 * 1024 * 1024;
};

class HttpTransport final : public Transport {
 public:
  // Fails with kInvalidArgument on an unusable endpoint URL.
  static Result<std::unique_ptr<HttpTransport>> Create(HttpTransportOptions options);
  ~HttpTransport() override;

  Result<SoapHttpResponse> Post(const SoapHttpRequest& request, std::stop_token stop) override;

 private:
  struct Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
