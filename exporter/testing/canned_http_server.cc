#include "exporter/testing/canned_http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace five9exp {

int BindLoopback(int fd, bool listen) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  if (listen) {
    EXPECT_EQ(::listen(fd, 8), 0);
  }
  return ntohs(addr.sin_port);
}

CannedHttpServer::CannedHttpServer(std::string reply) : reply_(std::move(reply)) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  port_ = BindLoopback(fd_, /*listen=*/true);
  thread_ = std::thread([this] { Run(); });
}

CannedHttpServer::~CannedHttpServer() {
  ::shutdown(fd_, SHUT_RDWR);  // ends the pending accept
  thread_.join();
  ::close(fd_);
}

std::vector<std::string> CannedHttpServer::requests() {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void CannedHttpServer::Run() {
  while (true) {
    const int conn = ::accept(fd_, nullptr, nullptr);
    if (conn < 0) return;  // shut down
    std::string head;
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
      if (n <= 0) break;
      head.append(buf, static_cast<size_t>(n));
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(head);
    }
    ::send(conn, reply_.data(), reply_.size(), MSG_NOSIGNAL);
    ::close(conn);
  }
}

}  // namespace five9exp
