#include "exporter/web/connection_io.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace five9exp {
namespace {

// The direction-independent part of ReadSome and WriteSome: `ssl_call` or `socket_call`
// moves up to `size` bytes; a socket that would block means `would_block`.
template <typename SslCall, typename SocketCall>
Io Transfer(Connection& c, size_t size, size_t* n, Io would_block, SslCall ssl_call,
            SocketCall socket_call) {
  if (c.ssl) {
    ERR_clear_error();
    const int moved = ssl_call(static_cast<int>(std::min<size_t>(size, INT32_MAX)));
    if (moved > 0) {
      *n = static_cast<size_t>(moved);
      return Io::kDone;
    }
    return SslOutcome(c.ssl, moved);
  }
  const ssize_t moved = socket_call(size);
  if (moved > 0) {
    *n = static_cast<size_t>(moved);
    return Io::kDone;
  }
  if (moved == 0) return Io::kEof;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return would_block;
  return Io::kError;
}

// What to wait for before retrying a read or write that answered `want` (kWantRead or
// kWantWrite: TLS may need to write while reading, and the other way round).
short PollEventsFor(Io want) { return want == Io::kWantRead ? POLLIN : POLLOUT; }

}  // namespace

Io SslOutcome(SSL* ssl, int result) {
  switch (SSL_get_error(ssl, result)) {
    case SSL_ERROR_WANT_READ:
      return Io::kWantRead;
    case SSL_ERROR_WANT_WRITE:
      return Io::kWantWrite;
    case SSL_ERROR_ZERO_RETURN:
      return Io::kEof;
    default:
      return Io::kError;
  }
}

Io ReadSome(Connection& c, char* buffer, size_t size, size_t* n) {
  return Transfer(
      c, size, n, Io::kWantRead, [&](int chunk) { return SSL_read(c.ssl, buffer, chunk); },
      [&](size_t chunk) { return recv(c.fd, buffer, chunk, 0); });
}

Io WriteSome(Connection& c, const char* data, size_t size, size_t* n) {
  return Transfer(
      c, size, n, Io::kWantWrite, [&](int chunk) { return SSL_write(c.ssl, data, chunk); },
      [&](size_t chunk) { return send(c.fd, data, chunk, MSG_NOSIGNAL); });
}

bool WaitForSocket(int fd, short events, SteadyClock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), INT32_MAX)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

bool ConnectionStream::is_readable() const {
  return !c_.pending().empty() || (c_.ssl && SSL_pending(c_.ssl) > 0) ||
         WaitForSocket(c_.fd, POLLIN, read_deadline_);
}

bool ConnectionStream::is_writable() const {
  return WaitForSocket(c_.fd, POLLOUT, SteadyClock::now() + write_timeout_);
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (const std::string_view pending = c_.pending(); !pending.empty()) {
    const size_t n = std::min(size, pending.size());
    std::memcpy(ptr, pending.data(), n);
    c_.in_offset += n;
    if (c_.in_offset == c_.in.size()) {
      c_.in.clear();
      c_.in_offset = 0;
    }
    return static_cast<ssize_t>(n);
  }
  for (;;) {
    size_t n = 0;
    switch (const Io io = ReadSome(c_, ptr, size, &n)) {
      case Io::kDone:
        return static_cast<ssize_t>(n);
      case Io::kEof:
        return 0;
      case Io::kError:
        return -1;
      case Io::kWantRead:
      case Io::kWantWrite:
        if (!WaitForSocket(c_.fd, PollEventsFor(io), read_deadline_)) return -1;
        break;
    }
  }
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  size_t done = 0;
  auto deadline = SteadyClock::now() + write_timeout_;
  while (done < size) {
    size_t n = 0;
    switch (const Io io = WriteSome(c_, ptr + done, size - done, &n)) {
      case Io::kDone:
        done += n;
        deadline = SteadyClock::now() + write_timeout_;
        break;
      case Io::kWantRead:
      case Io::kWantWrite:
        if (!WaitForSocket(c_.fd, PollEventsFor(io), deadline)) return -1;
        break;
      case Io::kEof:
      case Io::kError:
        return -1;
    }
  }
  return static_cast<ssize_t>(size);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = c_.remote_ip;
  port = c_.remote_port;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = c_.local_ip;
  port = c_.local_port;
}

}  // namespace five9exp
