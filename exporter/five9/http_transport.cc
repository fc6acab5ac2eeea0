#include "exporter/five9/http_transport.h"

#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>

#include "exporter/common/httplib_client.h"
#include "exporter/five9/endpoint.h"

namespace five9exp {
namespace {

void SetTimeout(std::chrono::milliseconds timeout,
                const std::function<void(time_t, time_t)>& setter) {
  const int64_t ms = std::max<int64_t>(timeout.count(), 1);
  setter(static_cast<time_t>(ms / 1000), static_cast<time_t>((ms % 1000) * 1000));
}

// getaddrinfo wants an IPv6 literal without the URL's brackets.
std::string SocketHost(const std::string& host) {
  return host.starts_with('[') && host.ends_with(']') ? host.substr(1, host.size() - 2) : host;
}

tl::unexpected<Error> StatusError(int status, std::string message) {
  Error error{ErrorCode::kHttpStatus, std::move(message)};
  error.http_status = status;
  return tl::unexpected<Error>(std::move(error));
}

}  // namespace

struct HttpTransport::Impl {
  HttpTransportOptions options;
  Endpoint endpoint;
  std::unique_ptr<httplib::Client> client;
  std::string target;  // "host:port" of the endpoint
  std::string where;   // target, or "target via proxy http://proxy:port", for messages

  // Asks the proxy for a tunnel on a connection of its own and judges the answer, before
  // httplib opens one. httplib 0.11 cannot be trusted with a CONNECT answer that is not a
  // clean HTTP/1.1 2xx: it blocks forever on its own mutex when the answer says
  // "Connection: close" (or is HTTP/1.0 without the reason "Connection established"), and
  // starts TLS on whatever else a refusal left on the socket. Errors name the proxy.
  Result<void> CheckTunnel(std::stop_token stop) const;
  // The 407 error, wherever it was seen.
  tl::unexpected<Error> ProxyAuthenticationRequired() const;
};

namespace {

// Whether httplib will reuse its connection (its own is_socket_alive test): when it will
// not, the next send opens a new tunnel, which CheckTunnel vets first.
bool HasLiveConnection(httplib::Client& client) {
  const int fd = client.socket();
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, 0);
  if (ready == 0) return true;
  char byte;
  return ready > 0 && ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

}  // namespace

tl::unexpected<Error> HttpTransport::Impl::ProxyAuthenticationRequired() const {
  const ProxyServer& proxy = *options.proxy;
  const char* why = proxy.username.empty() ? "it wants credentials (proxy_credentials_file)"
                                           : "it refused the credentials given";
  return StatusError(407, "proxy " + proxy.Display() +
                              " answered 407 Proxy Authentication Required for " + target + ": " +
                              why);
}

Result<void> HttpTransport::Impl::CheckTunnel(std::stop_token stop) const {
  const ProxyServer& proxy = *options.proxy;
  httplib::Client probe(SocketHost(proxy.host), proxy.port);
  SetTimeout(options.connect_timeout, [&probe](time_t s, time_t us) {
    probe.set_connection_timeout(s, us);
    probe.set_read_timeout(s, us);
    probe.set_write_timeout(s, us);
  });
  std::stop_callback on_stop(stop, [&probe] { probe.stop(); });
  httplib::Request req;
  req.method = "CONNECT";
  req.path = target;
  req.headers = {{"Host", target}};
  if (!proxy.username.empty() || !proxy.password.empty()) {
    req.headers.insert(httplib::make_basic_authentication_header(proxy.username, proxy.password,
                                                                 /*is_proxy=*/true));
  }
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  if (!probe.send(req, res, err)) {
    if (stop.stop_requested()) {
      return MakeError(ErrorCode::kCancelled, "call to " + where + " cancelled");
    }
    return MakeError(
        err == httplib::Error::ConnectionTimeout ? ErrorCode::kTimeout : ErrorCode::kTransport,
        "cannot connect to proxy " + proxy.Display() + " (for " + target +
            "): " + httplib::to_string(err));
  }
  if (res.status == 407) return ProxyAuthenticationRequired();
  if (res.status / 100 != 2) {
    return StatusError(res.status, "proxy " + proxy.Display() + " answered " +
                                       std::to_string(res.status) + " to CONNECT " + target);
  }
  if (res.get_header_value("Connection") == "close" ||
      (res.version == "HTTP/1.0" && res.reason != "Connection established")) {
    return MakeError(
        ErrorCode::kTransport,
        "proxy " + proxy.Display() + " grants CONNECT " + target + " with \"" + res.version + " " +
            std::to_string(res.status) + " " + res.reason +
            (res.get_header_value("Connection") == "close" ? "\" and Connection: close" : "\"") +
            ", which cpp-httplib 0.11 cannot tunnel through");
  }
  return {};
}

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() = default;

Result<std::unique_ptr<HttpTransport>> HttpTransport::Create(HttpTransportOptions options) {
  auto endpoint = ParseEndpoint(options.endpoint);
  if (!endpoint) return MakeError(endpoint.error().code, "endpoint " + endpoint.error().message);
  auto impl = std::make_unique<Impl>();
  impl->endpoint = *endpoint;
  impl->client = NewHttplibClient(endpoint->scheme + "://" + endpoint->host + ":" +
                                  std::to_string(endpoint->port));
  httplib::Client& client = *impl->client;
  if (!client.is_valid()) {
    return MakeError(ErrorCode::kInvalidArgument, "endpoint URL is not usable");
  }
  SetTimeout(options.connect_timeout,
             [&client](time_t s, time_t us) { client.set_connection_timeout(s, us); });
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  client.set_decompress(true);
  client.set_follow_location(false);  // a redirect would resend credentials elsewhere
  // Five9's Basic auth is a header of each request (Post), not set_basic_auth: httplib 0.11
  // would also put it on the CONNECT to the proxy.
  impl->target = endpoint->host + ":" + std::to_string(endpoint->port);
  impl->where = impl->target;
  if (options.proxy) {
    const ProxyServer& proxy = *options.proxy;
    client.set_proxy(SocketHost(proxy.host), proxy.port);
    if (!proxy.username.empty() || !proxy.password.empty()) {
      client.set_proxy_basic_auth(proxy.username, proxy.password);
    }
    impl->where += " via proxy " + proxy.Display();
  }
  if (endpoint->scheme == "https") {
    client.enable_server_certificate_verification(!options.insecure_skip_verify);
    if (!options.ca_file.empty()) client.set_ca_cert_path(options.ca_file);
  }
  impl->options = std::move(options);
  return std::unique_ptr<HttpTransport>(new HttpTransport(std::move(impl)));
}

Result<SoapHttpResponse> HttpTransport::Post(const SoapHttpRequest& request, std::stop_token stop) {
  httplib::Client& client = *impl_->client;
  const std::string& where = impl_->where;
  const std::optional<ProxyServer>& proxy = impl_->options.proxy;
  const bool tunnelled = proxy && impl_->endpoint.scheme == "https";
  if (stop.stop_requested()) {
    return MakeError(ErrorCode::kCancelled, "call to " + where + " cancelled before sending");
  }
  SetTimeout(request.read_timeout, [&client](time_t s, time_t us) {
    client.set_read_timeout(s, us);
    client.set_write_timeout(s, us);
  });

  std::atomic<bool> cancelled{false};
  // stop() interrupts a request in flight. The body provider below re-checks the
  // flag once the request is in flight, closing the window where stop() ran
  // before httplib had a socket to shut down.
  std::stop_callback on_stop(stop, [&] {
    cancelled.store(true);
    client.stop();
  });

  httplib::Request req;
  req.method = "POST";
  req.path = impl_->endpoint.path;
  req.headers = {{"Content-Type", "text/xml; charset=UTF-8"},
                 {"SOAPAction", "\"\""},
                 {"Accept-Encoding", "gzip"}};
  req.headers.insert(
      httplib::make_basic_authentication_header(impl_->options.username, impl_->options.password));
  if (tunnelled && (!proxy->username.empty() || !proxy->password.empty())) {
    // httplib 0.11 adds the proxy's credentials to every request it has none on, those sent
    // inside the tunnel to Five9 included; an empty one keeps them to the CONNECT.
    req.headers.emplace("Proxy-Authorization", "");
  }
  const std::string& body = request.body;
  req.content_length_ = body.size();
  req.content_provider_ = [&](size_t offset, size_t length, httplib::DataSink& sink) {
    if (cancelled.load()) return false;
    sink.write(body.data() + offset, std::min(length, body.size() - offset));
    return true;
  };

  SoapHttpResponse out;
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

  if (tunnelled && !HasLiveConnection(client)) {
    if (auto refused = impl_->CheckTunnel(stop); !refused) return tl::unexpected(refused.error());
  }
  const auto start = std::chrono::steady_clock::now();
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  const bool ok = client.send(req, res, err);
  const auto elapsed = std::chrono::steady_clock::now() - start;

  if (too_large) {
    client.stop();  // the rest of the body is unread: never reuse this connection
    return MakeError(ErrorCode::kBodyTooLarge, "response from " + where + " exceeds the cap of " +
                                                   std::to_string(cap) + " bytes");
  }
  if (cancelled.load()) {
    return MakeError(ErrorCode::kCancelled, "call to " + where + " cancelled");
  }
  if (!ok || err != httplib::Error::Success) {
    const std::string what = httplib::to_string(err);
    switch (err) {
      case httplib::Error::ConnectionTimeout:
        return MakeError(ErrorCode::kTimeout, "connect to " + where + " timed out");
      case httplib::Error::SSLConnection:
        // A tunnel refused between our check and httplib's own CONNECT shows as a failed
        // handshake: ask again for the cause.
        if (tunnelled) {
          if (auto refused = impl_->CheckTunnel(stop); !refused) {
            return tl::unexpected(refused.error());
          }
        }
        return MakeError(ErrorCode::kTls, "TLS with " + where + " failed: " + what);
      case httplib::Error::Connection:
        if (proxy) {
          return MakeError(ErrorCode::kTransport, "cannot connect to proxy " + proxy->Display() +
                                                      " (for " + impl_->target + "): " + what);
        }
        return MakeError(ErrorCode::kTransport, "request to " + where + " failed: " + what);
      case httplib::Error::SSLLoadingCerts:
      case httplib::Error::SSLServerVerification:
        return MakeError(ErrorCode::kTls, "TLS with " + where + " failed: " + what);
      case httplib::Error::Read:
      case httplib::Error::Write:
        // httplib reports a read timeout as a read error; the clock tells them apart.
        if (elapsed >= request.read_timeout * 9 / 10) {
          return MakeError(ErrorCode::kTimeout, "no answer from " + where + " within " +
                                                    std::to_string(request.read_timeout.count()) +
                                                    " ms");
        }
        return MakeError(ErrorCode::kTransport, "connection to " + where + " failed: " + what);
      default:
        return MakeError(ErrorCode::kTransport, "request to " + where + " failed: " + what);
    }
  }
  if (proxy && res.status == 407) {
    // A refused CONNECT leaves httplib's socket open without TLS: never reuse it.
    client.stop();
    return impl_->ProxyAuthenticationRequired();
  }
  out.status = res.status;
  out.content_type = res.get_header_value("Content-Type");
  if (proxy && !tunnelled && (res.status == 502 || res.status == 503 || res.status == 504) &&
      out.content_type.find("xml") == std::string::npos) {
    // Five9 answers in XML; a gateway error page without it is the proxy's own.
    return StatusError(res.status, "proxy " + proxy->Display() + " answered " +
                                       std::to_string(res.status) + " forwarding to " +
                                       impl_->target);
  }
  return out;
}

}  // namespace five9exp
