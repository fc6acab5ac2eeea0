#pragma once
// ConnectionServer: one listening socket, served so that slow and idle clients cannot
// occupy the threads that answer complete requests (issue 17; docs/architecture.md,
// "Connections").
//
// One loop thread accepts (non-blocking, epoll), does the TLS handshake and reads each
// request head, and its body when Content-Length announces at most max_body_bytes,
// with no thread per connection. ConnectionGuard enforces the head deadline, the
// keep-alive idle timeout and the connection caps. Only a complete request is handed to
// a worker, which runs httplib's own request processing (routing, handlers, response
// writing) on the buffered bytes through httplib's Stream interface; the connection then
// returns to the loop to wait, idle, for the next request.
//
// Ownership: the caller owns the HttpProcessor (routes and handlers), which must
// outlive Stop(). Threads: Start() spawns the loop thread and `worker_threads` workers;
// Stop() closes every connection once its in-flight request is answered and joins them.
// Counts() is thread-safe; the observer's functions run on the loop thread.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <limits>
#include <memory>
#include <string>

#include "exporter/common/error.h"
#include "exporter/web/connection_guard.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace five9exp {

// httplib's routing and request processing without its accept loop and thread per
// connection: ConnectionServer feeds it one complete request at a time.
// Never call its listen/bind/stop.
class HttpProcessor : public httplib::Server {
 public:
  // httplib stops streaming a response body once its own listening socket is closed
  // (its "shutting down" test); it has none here, so mark one as open. The value is no
  // descriptor and never used as one.
  HttpProcessor() { svr_sock_ = std::numeric_limits<int>::max(); }
  using httplib::Server::process_request;
};

struct ConnectionServerOptions {
  ConnectionLimits limits;
  int worker_threads = 16;
  // Bodies announced by Content-Length up to this size are read by the loop before a
  // worker takes the request; bigger ones go straight to httplib (which answers 413).
  size_t max_body_bytes = 64 * 1024;
  // A worker gives up on a response the client does not read for this long.
  std::chrono::milliseconds write_timeout{10'000};
  // Set = HTTPS: prepares the SSL_CTX every connection starts from (WebSecurity::InstallOn).
  std::function<bool(SSL_CTX&)> tls_setup;
};

struct ConnectionObserver {
  std::function<void(DropReason)> dropped;  // may be empty
  std::function<void()> counts_changed;     // may be empty; read Counts()
};

class ConnectionServer {
 public:
  ConnectionServer(HttpProcessor& processor, ConnectionServerOptions options,
                   ConnectionObserver observer);
  ~ConnectionServer();  // Stop()
  ConnectionServer(const ConnectionServer&) = delete;
  ConnectionServer& operator=(const ConnectionServer&) = delete;

  // Binds and listens on host:port (port 0 = ephemeral); returns the bound port.
  // kConfig when OpenSSL cannot be set up, kIo when the address cannot be bound.
  Result<int> Listen(const std::string& host, int port);
  // Starts the loop and the workers. Listen() must have succeeded.
  void Start();
  // Stops accepting, answers in-flight requests, closes everything, joins. Idempotent;
  // also releases the socket of a server that was never started.
  void Stop();

  ConnectionCounts Counts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace five9exp
