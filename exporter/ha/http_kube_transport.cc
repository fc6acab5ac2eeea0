#include "exporter/ha/http_kube_transport.h"

#include <httplib.h>

#include <atomic>

#include "exporter/common/httplib_client.h"

namespace five9exp {
namespace {

void SetTimeout(std::chrono::milliseconds timeout,
                const std::function<void(time_t, time_t)>& setter) {
  const int64_t ms = std::max<int64_t>(timeout.count(), 1);
  setter(static_cast<time_t>(ms / 1000), static_cast<time_t>((ms % 1000) * 1000));
}

}  // namespace

struct HttpKubeTransport::Impl {
  HttpKubeTransportOptions options;
  std::unique_ptr<httplib::Client> client;
};

HttpKubeTransport::HttpKubeTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpKubeTransport::~HttpKubeTransport() = default;

Result<std::unique_ptr<HttpKubeTransport>> HttpKubeTransport::Create(
    HttpKubeTransportOptions options) {
  const std::string& url = options.base_url;
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    return MakeError(ErrorCode::kInvalidArgument, "API server URL must be https:// or http://");
  }
  auto impl = std::make_unique<Impl>();
  impl->client = NewHttplibClient(url);
  httplib::Client& client = *impl->client;
  if (!client.is_valid()) return MakeError(ErrorCode::kInvalidArgument, "API server URL unusable");
  SetTimeout(options.connect_timeout,
             [&client](time_t s, time_t us) { client.set_connection_timeout(s, us); });
  client.set_keep_alive(true);
  client.set_follow_location(false);  // a redirect would resend the token elsewhere
  if (url.starts_with("https://")) {
    client.enable_server_certificate_verification(true);
    if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file);
  }
  impl->options = std::move(options);
  return std::unique_ptr<HttpKubeTransport>(new HttpKubeTransport(std::move(impl)));
}

Result<KubeResponse> HttpKubeTransport::Send(const KubeRequest& request, std::stop_token stop) {
  httplib::Client& client = *impl_->client;
  if (stop.stop_requested()) return MakeError(ErrorCode::kCancelled, "API server call cancelled");
  SetTimeout(request.timeout, [&client](time_t s, time_t us) {
    client.set_read_timeout(s, us);
    client.set_write_timeout(s, us);
  });
  std::atomic<bool> cancelled{false};
  std::stop_callback on_stop(stop, [&] {
    cancelled.store(true);
    client.stop();
  });
  httplib::Request req;
  req.method = request.method;
  req.path = request.path;
  req.headers = {{"Accept", "application/json"}};
  if (!request.bearer_token.empty()) {
    req.headers.emplace("Authorization", "Bearer " + request.bearer_token);
  }
  if (!request.body.empty()) {
    req.headers.emplace("Content-Type", "application/json");
    req.body = request.body;
  }
  KubeResponse out;
  bool too_large = false;
  const size_t cap = impl_->options.max_response_bytes;
  req.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
    if (cancelled.load()) return false;
    if (out.body.size() + size > cap) {
      too_large = true;
      return false;
    }
    out.body.append(data, size);
    return true;
  };
  const auto start = std::chrono::steady_clock::now();
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  const bool ok = client.send(req, res, err);
  if (too_large) {
    client.stop();
    return MakeError(ErrorCode::kBodyTooLarge, "API server answer exceeds the cap");
  }
  if (cancelled.load()) return MakeError(ErrorCode::kCancelled, "API server call cancelled");
  if (!ok || err != httplib::Error::Success) {
    const std::string what = httplib::to_string(err);
    switch (err) {
      case httplib::Error::ConnectionTimeout:
        return MakeError(ErrorCode::kTimeout, "connect to the API server timed out");
      case httplib::Error::SSLConnection:
      case httplib::Error::SSLLoadingCerts:
      case httplib::Error::SSLServerVerification:
        return MakeError(ErrorCode::kTls, "TLS with the API server failed: " + what);
      default:
        if (std::chrono::steady_clock::now() - start >= request.timeout * 9 / 10) {
          return MakeError(ErrorCode::kTimeout, "no answer from the API server in time");
        }
        return MakeError(ErrorCode::kTransport, "API server request failed: " + what);
    }
  }
  out.status = res.status;
  return out;
}

}  // namespace five9exp
