#pragma once
// A plain-socket HTTP stand-in for tests: no httplib server, so nothing of httplib's own
// reading is involved (f9_test_support).

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace five9exp {

// A TCP socket bound to an ephemeral loopback port (listening when `listen`); its port.
int BindLoopback(int fd, bool listen);

// One thread on an ephemeral loopback port: reads each connection's request head, answers
// it with `reply` and closes it. The destructor ends it promptly.
class CannedHttpServer {
 public:
  explicit CannedHttpServer(std::string reply);
  ~CannedHttpServer();
  CannedHttpServer(const CannedHttpServer&) = delete;
  CannedHttpServer& operator=(const CannedHttpServer&) = delete;

  int port() const { return port_; }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // The request heads received so far, in order.
  std::vector<std::string> requests();

 private:
  void Run();

  const std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requests_;  // guarded by mutex_
};

}  // namespace five9exp
