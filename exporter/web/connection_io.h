#pragma once
// One accepted connection of ConnectionServer (connection_server.h) and its I/O: the
// non-blocking reads and writes the loop thread does (plain or TLS, one interface), and
// httplib's Stream over it for the worker that serves one request: the bytes the loop
// already buffered first, then the socket, every wait bounded. Private to exporter/web.
//
// Threads: a Connection belongs to the loop thread, or to the one worker it was handed to.

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

#include "exporter/web/connection_guard.h"

typedef struct ssl_st SSL;

namespace five9exp {

using SteadyClock = std::chrono::steady_clock;

struct Connection {
  ConnectionGuard::Id id = 0;
  int fd = -1;
  SSL* ssl = nullptr;  // owned; set for HTTPS
  bool handshaken = false;
  bool idle = false;        // mirrors the guard's kIdle
  bool registered = false;  // in the epoll set (false while a worker has it)
  uint32_t events = 0;      // the epoll interest while registered
  int requests = 0;
  std::string remote_ip;
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;
  // Bytes read and not yet consumed by httplib: pending() is what is left.
  std::string in;
  size_t in_offset = 0;
  std::string_view pending() const { return std::string_view(in).substr(in_offset); }
};

enum class Io { kDone, kWantRead, kWantWrite, kEof, kError };

// What an SSL call's `result` (<= 0) means: SSL_get_error's answer as an Io.
Io SslOutcome(SSL* ssl, int result);

// One non-blocking read or write; `n` is set on kDone.
Io ReadSome(Connection& c, char* buffer, size_t size, size_t* n);
Io WriteSome(Connection& c, const char* data, size_t size, size_t* n);

// Waits until `fd` is ready for poll(2) `events` or `deadline` passes; false on timeout.
bool WaitForSocket(int fd, short events, SteadyClock::time_point deadline);

// httplib's view of a connection on a worker: the buffered bytes first, then the socket,
// every wait bounded (reads by the request's deadline, writes by write_timeout of no
// progress).
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, SteadyClock::time_point read_deadline,
                   std::chrono::milliseconds write_timeout)
      : c_(connection), read_deadline_(read_deadline), write_timeout_(write_timeout) {}

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return c_.fd; }

 private:
  Connection& c_;
  const SteadyClock::time_point read_deadline_;
  const std::chrono::milliseconds write_timeout_;
};

}  // namespace five9exp
