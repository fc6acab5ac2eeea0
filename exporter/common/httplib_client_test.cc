#include "exporter/common/httplib_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <thread>

#include "exporter/testing/unordered_threads.h"

namespace five9exp {
namespace {

// ThreadSanitizer (make test SANITIZE=thread) found two leader electors' first clients racing
// on httplib's URL regex (exporter/common/httplib_client.h says why). Each test runs in its
// own process (gtest_discover_tests): these are the process's first clients.
TEST(HttplibClientTest, FirstClientsOnTwoThreadsAreOrdered) {
  bool first_valid = false;
  bool second_valid = false;
  RunOneAfterTheOtherUnordered(
      [&] { first_valid = NewHttplibClient("http://127.0.0.1:1")->is_valid(); },
      [&] { second_valid = NewHttplibClient("https://[::1]:2")->is_valid(); });
  EXPECT_TRUE(first_valid);
  EXPECT_TRUE(second_valid);
}

// A loopback server on an ephemeral port answering `count` connections with "ok", one
// response each. Plain sockets: an httplib server would read through the statics under test.
class CannedHttpServer {
 public:
  explicit CannedHttpServer(int count) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(listen_fd_, count) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
      return;
    }
    port_ = ntohs(addr.sin_port);
    answering_ = std::jthread([this, count] {
      for (int i = 0; i < count; ++i) {
        const int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        char request[4096];
        (void)!read(fd, request, sizeof request);  // one small GET arrives in one read
        static constexpr std::string_view kAnswer =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        (void)!write(fd, kAnswer.data(), kAnswer.size());
        close(fd);
      }
    });
  }
  ~CannedHttpServer() {
    shutdown(listen_fd_, SHUT_RDWR);  // ends a pending accept if a client never came
    if (answering_.joinable()) answering_.join();
    close(listen_fd_);
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::jthread answering_;
};

// TSan found two domains' pollers reading their first responses at once racing on httplib's
// status-line regex (exporter/common/httplib_client.h). The body is checked with a regex made
// before the threads start, so that this binary, like the exporter, holds instrumented copies
// of libstdc++'s regex templates that httplib's matching runs in.
TEST(HttplibClientTest, FirstResponsesOnTwoThreadsAreRead) {
  const std::regex body_pattern("o(k)");
  CannedHttpServer server(2);
  std::string first_body;
  std::string second_body;
  RunOneAfterTheOtherUnordered(
      [&] {
        if (auto result = NewHttplibClient(server.Url())->Get("/")) first_body = result->body;
      },
      [&] {
        if (auto result = NewHttplibClient(server.Url())->Get("/")) second_body = result->body;
      });
  EXPECT_TRUE(std::regex_match(first_body, body_pattern)) << first_body;
  EXPECT_TRUE(std::regex_match(second_body, body_pattern)) << second_body;
}

}  // namespace
}  // namespace five9exp
