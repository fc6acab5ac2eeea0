// ConnectionServer over real loopback sockets: complete requests are answered while
// other connections trickle or idle, deadlines close those, keep-alive and pipelining
// keep working, and POST bodies reach the handler.

#include "exporter/web/connection_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "exporter/testing/wait.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;

class RawClient {
 public:
  explicit RawClient(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { close(fd_); }
  bool connected() const { return connected_; }
  void Send(std::string_view bytes) {
    ASSERT_EQ(send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  // Everything until the peer closes or `wait` passes without a byte.
  std::string ReadUntilClosed(milliseconds wait, bool* closed) {
    std::string out;
    *closed = false;
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return out;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        *closed = true;
        return out;
      }
      out.append(buffer, static_cast<size_t>(n));
    }
  }
  // Reads until `text` appears `count` times or `wait` passes.
  std::string ReadUntil(std::string_view text, int count, milliseconds wait) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    auto occurrences = [&] {
      int found = 0;
      for (size_t at = out.find(text); at != std::string::npos; at = out.find(text, at + 1)) {
        ++found;
      }
      return found;
    };
    while (occurrences() < count && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

class ConnectionServerTest : public ::testing::Test {
 protected:
  void Start(ConnectionLimits limits) {
    http_.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("hello", "text/plain");
    });
    http_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.body, "text/plain");
    });
    ConnectionServerOptions options;
    options.limits = limits;
    options.worker_threads = 2;
    options.max_body_bytes = 1024;
    ConnectionObserver observer;
    observer.dropped = [this](DropReason reason) { ++drops_[static_cast<int>(reason)]; };
    server_ = std::make_unique<ConnectionServer>(http_, options, observer);
    auto port = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
    server_->Start();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  int Drops(DropReason reason) const { return drops_[static_cast<int>(reason)]; }
  bool Get(const char* path) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(std::chrono::seconds(5));
    auto result = client.Get(path);
    return result && result->status == 200 && result->body == "hello";
  }

  HttpProcessor http_;
  std::unique_ptr<ConnectionServer> server_;
  int port_ = 0;
  std::atomic<int> drops_[4] = {0, 0, 0, 0};
};

ConnectionLimits Limits(milliseconds head, milliseconds idle, size_t per_address, size_t total) {
  return ConnectionLimits{head, idle, per_address, total};
}

TEST_F(ConnectionServerTest, TricklingAndSilentClientsDoNotDelayACompleteRequest) {
  Start(Limits(milliseconds(300), milliseconds(60'000), 64, 1024));
  // More slow clients than workers: with a worker per connection none would be left.
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(slow.back()->connected());
    if (i % 2 == 0) slow.back()->Send("GET /hello HTTP/1.1\r\nHost: x\r\n");
  }
  EXPECT_TRUE(Get("/hello"));
  // Each is closed by the head deadline, however it behaved.
  for (auto& client : slow) {
    bool closed = false;
    client->ReadUntilClosed(milliseconds(5'000), &closed);
    EXPECT_TRUE(closed);
  }
  EXPECT_TRUE(WaitUntil([&] { return Drops(DropReason::kHeaderTimeout) == 8; }));
  EXPECT_TRUE(Get("/hello"));
}

TEST_F(ConnectionServerTest, KeepAlivePipeliningAndIdleTimeout) {
  Start(Limits(milliseconds(2'000), milliseconds(300), 64, 1024));
  RawClient client(port_);
  ASSERT_TRUE(client.connected());
  // Two requests in one write, then a body-carrying one: all answered, in order.
  client.Send(
      "GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping");
  const std::string answers = client.ReadUntil("ping", 1, milliseconds(5'000));
  EXPECT_EQ(answers.find("HTTP/1.1 200"), 0u) << answers;
  EXPECT_NE(answers.find("hello"), std::string::npos) << answers;
  EXPECT_NE(answers.find("hello", answers.find("hello") + 5), std::string::npos) << answers;
  bool closed = false;
  client.ReadUntilClosed(milliseconds(5'000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(WaitUntil([&] { return Drops(DropReason::kIdleTimeout) == 1; }));
  EXPECT_TRUE(WaitUntil([&] { return server_->Counts() == ConnectionCounts{}; }));
}

TEST_F(ConnectionServerTest, AtTheAddressCapTheOldestWaitingConnectionMakesRoom) {
  Start(Limits(milliseconds(10'000), milliseconds(60'000), 3, 1024));
  std::vector<std::unique_ptr<RawClient>> silent;
  for (int i = 0; i < 3; ++i) silent.push_back(std::make_unique<RawClient>(port_));
  // A fourth (the real client) gets in: the oldest silent one is closed for it.
  EXPECT_TRUE(Get("/hello"));
  bool closed = false;
  silent[0]->ReadUntilClosed(milliseconds(5'000), &closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(WaitUntil([&] { return Drops(DropReason::kPerAddressLimit) >= 1; }));
}

TEST_F(ConnectionServerTest, AnEndlessHeadIsRefusedWith431) {
  Start(Limits(milliseconds(10'000), milliseconds(60'000), 64, 1024));
  RawClient client(port_);
  ASSERT_TRUE(client.connected());
  client.Send("GET /hello HTTP/1.1\r\nX: " + std::string(70 * 1024, 'a'));
  bool closed = false;
  const std::string answer = client.ReadUntilClosed(milliseconds(5'000), &closed);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 100);
  EXPECT_TRUE(closed);
}

TEST_F(ConnectionServerTest, StopClosesWaitingConnectionsAndReleasesThePort) {
  Start(Limits(milliseconds(10'000), milliseconds(60'000), 64, 1024));
  RawClient client(port_);
  ASSERT_TRUE(client.connected());
  client.Send("GET /hel");
  server_->Stop();
  bool closed = false;
  client.ReadUntilClosed(milliseconds(5'000), &closed);
  EXPECT_TRUE(closed);
  ConnectionServer again(http_, ConnectionServerOptions{}, ConnectionObserver{});
  EXPECT_TRUE(again.Listen("127.0.0.1", port_));
}

}  // namespace
}  // namespace five9exp
