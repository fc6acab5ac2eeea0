#pragma once
// HttpKubeTransport: the real KubeTransport over cpp-httplib's client (HTTPS with the
// service account's CA, or http:// for tests). With http_peer_client.cc the only files of
// the ha module that include httplib.
//
// Thread-compatible (KubeTransport's contract); the stop callback may fire from another
// thread, which httplib's Client::stop() supports.

#include <memory>
#include <string>

#include "exporter/ha/kube_transport.h"

namespace five9exp {

struct HttpKubeTransportOptions {
  std::string base_url;  // https://HOST:PORT (or http:// in tests)
  std::string ca_file;   // PEM bundle that signs the API server; empty = system store
  std::chrono::milliseconds connect_timeout{3000};
  size_t max_response_bytes = 1 << 20;  // a Lease is a few hundred bytes
};

class HttpKubeTransport final : public KubeTransport {
 public:
  // kInvalidArgument when base_url is unusable.
  static Result<std::unique_ptr<HttpKubeTransport>> Create(HttpKubeTransportOptions options);
  ~HttpKubeTransport() override;
  Result<KubeResponse> Send(const KubeRequest& request, std::stop_token stop) override;

 private:
  struct Impl;
  explicit HttpKubeTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
