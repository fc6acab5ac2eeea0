#include "exporter/web/connection_server.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exporter/common/httplib_memory_stream.h"
#include "exporter/common/log.h"
#include "exporter/web/connection_io.h"
#include "exporter/web/request_readiness.h"

namespace five9exp {
namespace {

using Clock = std::chrono::steady_clock;
using Id = ConnectionGuard::Id;

constexpr size_t kReadChunk = 16 * 1024;
// Keep-alive is advertised and honoured up to this many requests per connection.
constexpr int kMaxRequestsPerConnection = 1000;
// After EMFILE/ENFILE the listener rests this long instead of spinning on accept.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
// After a burst of at least kTrimPeak connections falls under a kTrimFraction of its
// peak, freed memory goes back to the OS: glibc keeps small freed chunks (thousands of
// connection and TLS buffers after an attack) in the heap otherwise.
constexpr int64_t kTrimPeak = 128;
constexpr int64_t kTrimFraction = 8;
constexpr uint64_t kListenKey = ~uint64_t{0};
constexpr uint64_t kWakeKey = ~uint64_t{0} - 1;

// The numeric host and port of a socket address, as httplib's own Stream reports them.
void NumericAddress(const sockaddr_storage& addr, socklen_t len, std::string* ip, int* port) {
  char host[NI_MAXHOST] = "";
  char service[NI_MAXSERV] = "";
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, service,
                  sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    *ip = host;
    *port = std::atoi(service);
  }
}

// httplib checks each request line against a function-local static (its set of methods) made
// on the first request. Debian's libcpp-httplib.so is not built for ThreadSanitizer, so its
// inlined "already made?" check is invisible to TSan, and two workers answering the first
// requests at once were reported as a race on that set. One request through a throw-away
// processor (no routes, no logger) before the first workers start, under std::call_once,
// makes the set first and orders every worker after it.
void MakeHttplibStaticsOnce() {
  static std::once_flag made;
  std::call_once(made, [] {
    HttpProcessor processor;
    HttplibMemoryStream stream("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    bool closed = false;
    processor.process_request(stream, true, closed, nullptr);
  });
}

}  // namespace

struct ConnectionServer::Impl {
  Impl(HttpProcessor& processor, ConnectionServerOptions options, ConnectionObserver observer)
      : processor(processor),
        options(std::move(options)),
        observer(std::move(observer)),
        guard(this->options.limits) {}

  HttpProcessor& processor;
  const ConnectionServerOptions options;
  const ConnectionObserver observer;
  SSL_CTX* tls_ctx = nullptr;  // owned
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  std::unique_ptr<httplib::ThreadPool> workers;
  std::jthread loop;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> open{0}, reading{0}, active{0}, idle{0};

  // State below is owned by the loop thread, except a Connection while a worker has it.
  ConnectionGuard guard;
  std::unordered_map<Id, std::unique_ptr<Connection>> connections;
  std::optional<Clock::time_point> accept_paused_until;
  ConnectionCounts published;
  int64_t peak_open = 0;  // since the last malloc_trim

  std::mutex returned_mutex;
  // State below is protected by returned_mutex: connections a worker is done with, and
  // whether they stay open.
  std::vector<std::pair<Connection*, bool>> returned;

  ~Impl() {
    for (int fd : {listen_fd, epoll_fd, wake_fd}) {
      if (fd >= 0) close(fd);
    }
    if (tls_ctx) SSL_CTX_free(tls_ctx);
  }

  void Wake() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof one);
  }

  void Watch(Connection& c, uint32_t events) {
    epoll_event event{events, {.u64 = c.id}};
    if (!c.registered) {
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c.fd, &event);
      c.registered = true;
    } else if (c.events != events) {
      epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &event);
    }
    c.events = events;
  }

  // Forgets and closes `c`; `reason` counts a drop. `graceful` sends a TLS close_notify.
  void Close(Connection& c, std::optional<DropReason> reason, bool graceful = false) {
    guard.Remove(c.id);
    if (c.ssl) {
      if (graceful) SSL_shutdown(c.ssl);
      SSL_free(c.ssl);
    }
    shutdown(c.fd, SHUT_RDWR);
    close(c.fd);
    if (reason && observer.dropped) observer.dropped(*reason);
    connections.erase(c.id);
  }

  void CloseById(Id id, DropReason reason) {
    if (auto it = connections.find(id); it != connections.end()) Close(*it->second, reason);
  }

  void AcceptAll() {
    for (;;) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          LogWarn("web: cannot accept a connection, pausing the listener",
                  {{"error", std::strerror(errno)}});
          epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
          accept_paused_until = Clock::now() + kAcceptPause;
        }
        return;  // EAGAIN, or a connection that went away before we took it
      }
      auto c = std::make_unique<Connection>();
      c->fd = fd;
      NumericAddress(addr, len, &c->remote_ip, &c->remote_port);
      const ConnectionGuard::Admission admission = guard.Admit(c->remote_ip, Clock::now());
      for (const ConnectionGuard::Drop& drop : admission.evicted) CloseById(drop.id, drop.reason);
      if (!admission.id) {
        close(fd);
        if (observer.dropped) observer.dropped(*admission.refused);
        continue;
      }
      c->id = *admission.id;
      const int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      sockaddr_storage local{};
      socklen_t local_len = sizeof local;
      if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0) {
        NumericAddress(local, local_len, &c->local_ip, &c->local_port);
      }
      if (tls_ctx) {
        c->ssl = SSL_new(tls_ctx);
        if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
          if (c->ssl) SSL_free(c->ssl);
          guard.Remove(c->id);
          close(fd);
          continue;
        }
        SSL_set_accept_state(c->ssl);
        // RELEASE_BUFFERS: a waiting connection holds no 16 KiB record buffers.
        SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                 SSL_MODE_RELEASE_BUFFERS);
      }
      Connection& connection = *c;
      connections.emplace(connection.id, std::move(c));
      Watch(connection, EPOLLIN);
    }
  }

  // The socket is readable (or writable during a TLS handshake): read what is there and
  // hand the request over once it is complete.
  void OnReady(Connection& c) {
    if (c.ssl && !c.handshaken) {
      ERR_clear_error();
      const int done = SSL_do_handshake(c.ssl);
      if (done != 1) {
        switch (SslOutcome(c.ssl, done)) {
          case Io::kWantRead:
            Watch(c, EPOLLIN);
            return;
          case Io::kWantWrite:
            Watch(c, EPOLLIN | EPOLLOUT);
            return;
          default:
            Close(c, std::nullopt);
            return;
        }
      }
      c.handshaken = true;
    }
    char buffer[kReadChunk];
    const size_t cap = kMaxRequestHeadBytes + options.max_body_bytes + kReadChunk;
    uint32_t events = EPOLLIN;
    while (c.pending().size() < cap) {
      size_t n = 0;
      const Io io = ReadSome(c, buffer, sizeof buffer, &n);
      if (io == Io::kDone) {
        if (c.idle) {
          guard.StartReading(c.id, Clock::now());
          c.idle = false;
        }
        c.in.append(buffer, n);
        continue;
      }
      if (io == Io::kWantRead) break;
      if (io == Io::kWantWrite) {
        events = EPOLLIN | EPOLLOUT;
        break;
      }
      Close(c, std::nullopt);
      return;
    }
    Advance(c, events);
  }

  // Hands `c` to a worker when a whole request is buffered, else waits for more bytes.
  void Advance(Connection& c, uint32_t events) {
    switch (RequestReadiness(c.pending(), options.max_body_bytes)) {
      case Readiness::kIncomplete:
        Watch(c, events);
        return;
      case Readiness::kTooLarge: {
        // Best effort: the client learns why before the connection closes.
        static constexpr std::string_view kAnswer =
            "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n"
            "Content-Length: 0\r\n\r\n";
        size_t n = 0;
        WriteSome(c, kAnswer.data(), kAnswer.size(), &n);
        Close(c, std::nullopt);
        return;
      }
      case Readiness::kComplete:
        break;
    }
    guard.StartActive(c.id);
    c.idle = false;
    if (c.registered) {
      epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
      c.registered = false;
    }
    Connection* connection = &c;
    workers->enqueue([this, connection] { Serve(*connection); });
  }

  // On a worker: one request through httplib, then back to the loop.
  void Serve(Connection& c) {
    bool keep = false;
    try {
      ConnectionStream stream(c, Clock::now() + options.limits.read_header_timeout,
                              options.write_timeout);
      const bool last = ++c.requests >= kMaxRequestsPerConnection || stopping;
      bool closed = false;
      const bool answered = processor.process_request(
          stream, last, closed, [&c](httplib::Request& request) { request.ssl = c.ssl; });
      keep = answered && !closed && !last;
    } catch (...) {
      // httplib catches what handlers throw; this is allocation failure. Drop the connection.
      keep = false;
    }
    {
      std::lock_guard lock(returned_mutex);
      returned.emplace_back(&c, keep);
    }
    Wake();
  }

  void TakeReturned() {
    std::vector<std::pair<Connection*, bool>> batch;
    {
      std::lock_guard lock(returned_mutex);
      batch.swap(returned);
    }
    for (auto [c, keep] : batch) {
      if (!keep || stopping) {
        Close(*c, std::nullopt, /*graceful=*/true);
        continue;
      }
      guard.StartIdle(c->id, Clock::now());
      c->idle = true;
      if (!c->pending().empty()) {
        // The next request's first bytes are here already: its head deadline runs.
        guard.StartReading(c->id, Clock::now());
        c->idle = false;
      }
      if (!c->pending().empty() || (c->ssl && SSL_pending(c->ssl) > 0)) {
        // A pipelined request, or TLS records already decrypted: nothing will wake epoll.
        OnReady(*c);
      } else {
        Watch(*c, EPOLLIN);
      }
    }
  }

  int WaitMillis() const {
    std::optional<Clock::time_point> next = guard.NextDeadline();
    if (accept_paused_until && (!next || *accept_paused_until < *next)) next = accept_paused_until;
    if (!next) return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 60'000));
  }

  void Publish() {
    const ConnectionCounts counts = guard.Counts();
    if (counts == published) return;
    peak_open = std::max(peak_open, counts.open);
    if (peak_open >= kTrimPeak && counts.open * kTrimFraction < peak_open) {
      malloc_trim(0);
      peak_open = counts.open;
    }
    published = counts;
    open = counts.open;
    reading = counts.reading;
    active = counts.active;
    idle = counts.idle;
    if (observer.counts_changed) observer.counts_changed();
  }

  void Run() {
    epoll_event events[256];
    while (!stopping) {
      const int n = epoll_wait(epoll_fd, events, 256, WaitMillis());
      for (int i = 0; i < n; ++i) {
        const uint64_t key = events[i].data.u64;
        if (key == kWakeKey) {
          uint64_t count = 0;
          [[maybe_unused]] ssize_t got = ::read(wake_fd, &count, sizeof count);
        } else if (key == kListenKey) {
          AcceptAll();
        } else if (auto it = connections.find(key);
                   it != connections.end() && it->second->registered) {
          OnReady(*it->second);
        }
      }
      TakeReturned();
      const auto now = Clock::now();
      for (const ConnectionGuard::Drop& drop : guard.Expire(now)) CloseById(drop.id, drop.reason);
      if (accept_paused_until && *accept_paused_until <= now) {
        accept_paused_until.reset();
        epoll_event event{EPOLLIN, {.u64 = kListenKey}};
        epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &event);
      }
      Publish();
    }
    Drain();
  }

  // Stopping: no new connections; those waiting close now, those being served once
  // their answer is written.
  void Drain() {
    close(listen_fd);
    listen_fd = -1;
    std::vector<Connection*> waiting;
    for (auto& [id, c] : connections) {
      if (c->registered) waiting.push_back(c.get());
    }
    for (Connection* c : waiting) Close(*c, std::nullopt);
    while (!connections.empty()) {
      WaitForSocket(wake_fd, POLLIN, Clock::now() + std::chrono::milliseconds(100));
      uint64_t count = 0;
      [[maybe_unused]] ssize_t got = ::read(wake_fd, &count, sizeof count);
      TakeReturned();
    }
    Publish();
  }
};

ConnectionServer::ConnectionServer(HttpProcessor& processor, ConnectionServerOptions options,
                                   ConnectionObserver observer)
    : impl_(std::make_unique<Impl>(processor, std::move(options), std::move(observer))) {}

ConnectionServer::~ConnectionServer() { Stop(); }

Result<int> ConnectionServer::Listen(const std::string& host, int port) {
  Impl& impl = *impl_;
  if (impl.listen_fd >= 0) return MakeError(ErrorCode::kInternal, "already listening");
  if (impl.options.tls_setup && !impl.tls_ctx) {
    impl.tls_ctx = SSL_CTX_new(TLS_method());
    if (!impl.tls_ctx || !impl.options.tls_setup(*impl.tls_ctx)) {
      return MakeError(ErrorCode::kConfig, "TLS: cannot set up OpenSSL");
    }
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return MakeError(ErrorCode::kIo, "cannot resolve the listen host");
  }
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR for a quick restart; never SO_REUSEPORT, which would let a second
    // exporter bind the same port and silently take half the scrapes.
    const int yes = 1;
    const int no = 0;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (ai->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return MakeError(ErrorCode::kIo, "cannot bind (in use or not permitted)");
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  std::string ip;
  int bound_port = 0;
  NumericAddress(bound, len, &ip, &bound_port);
  impl.listen_fd = fd;
  return bound_port;
}

void ConnectionServer::Start() {
  Impl& impl = *impl_;
  if (impl.listen_fd < 0 || impl.loop.joinable()) return;
  impl.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  impl.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event listen_event{EPOLLIN, {.u64 = kListenKey}};
  epoll_ctl(impl.epoll_fd, EPOLL_CTL_ADD, impl.listen_fd, &listen_event);
  epoll_event wake_event{EPOLLIN, {.u64 = kWakeKey}};
  epoll_ctl(impl.epoll_fd, EPOLL_CTL_ADD, impl.wake_fd, &wake_event);
  MakeHttplibStaticsOnce();
  impl.workers = std::make_unique<httplib::ThreadPool>(
      static_cast<size_t>(std::max(1, impl.options.worker_threads)));
  impl.loop = std::jthread([&impl] { impl.Run(); });
}

void ConnectionServer::Stop() {
  Impl& impl = *impl_;
  if (impl.loop.joinable()) {
    impl.stopping = true;
    impl.Wake();
    impl.loop.join();
    impl.workers->shutdown();
    impl.workers.reset();
  } else if (impl.listen_fd >= 0) {
    close(impl.listen_fd);
    impl.listen_fd = -1;
  }
}

ConnectionCounts ConnectionServer::Counts() const {
  return {impl_->open, impl_->reading, impl_->active, impl_->idle};
}

}  // namespace five9exp
