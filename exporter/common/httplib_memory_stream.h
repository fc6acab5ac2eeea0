// An httplib::Stream over bytes in memory: reads consume them, writes are dropped.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace five9exp {

// What a throw-away httplib server processor or client reads instead of a socket, so that
// httplib's lazily made statics can be made once, before the threads that share them start
// (httplib_client.h, web/connection_server.cc). Header-only: its users link httplib already.
class HttplibMemoryStream final : public httplib::Stream {
 public:
  explicit HttplibMemoryStream(std::string_view input) : input_(input) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, input_.size());
    std::memcpy(ptr, input_.data(), n);
    input_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    get_remote_ip_and_port(ip, port);
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view input_;
};

}  // namespace five9exp
