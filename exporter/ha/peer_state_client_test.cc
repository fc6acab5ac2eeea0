#include "exporter/ha/peer_state_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

namespace five9exp {
namespace {

// A leader's /-/state/{domain} on an ephemeral loopback port.
class PeerStateClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Get(R"(/-/state/([a-z]+))", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Authorization") != "Bearer peer-tok") {
        res.status = 401;
        return;
      }
      if (req.matches[1] != "acme") {
        res.status = 404;
        return;
      }
      res.set_header("ETag", "\"v2\"");
      if (req.get_header_value("If-None-Match") == "\"v2\"") {
        res.status = 304;
        return;
      }
      res.set_content(std::string("CKPT\0bytes", 10), "application/octet-stream");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    base_ = "http://127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string base_;
};

TEST_F(PeerStateClientTest, FetchesBytesThenA304ForTheSameETag) {
  PeerStateClient client({.peer_token = "peer-tok"});
  Result<PeerFetch> first = client.Fetch(base_, "acme", "", {});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->not_modified);
  EXPECT_EQ(*first->bytes, std::string("CKPT\0bytes", 10));
  EXPECT_EQ(first->etag, "\"v2\"");
  Result<PeerFetch> second = client.Fetch(base_, "acme", first->etag, {});
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->not_modified);
  EXPECT_FALSE(second->bytes);
}

TEST_F(PeerStateClientTest, StatusErrorsAreReported) {
  PeerStateClient wrong({.peer_token = "nope"});
  Result<PeerFetch> denied = wrong.Fetch(base_, "acme", "", {});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().http_status, 401);
  EXPECT_EQ(denied.error().message.find("nope"), std::string::npos);
  PeerStateClient client({.peer_token = "peer-tok"});
  Result<PeerFetch> missing = client.Fetch(base_, "globex", "", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().http_status, 404);
}

TEST_F(PeerStateClientTest, BodyCapAndBadUrls) {
  PeerStateClient small({.peer_token = "peer-tok", .max_response_bytes = 4});
  Result<PeerFetch> capped = small.Fetch(base_, "acme", "", {});
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().code, ErrorCode::kBodyTooLarge);
  PeerStateClient client({.peer_token = "peer-tok"});
  EXPECT_EQ(client.Fetch("ftp://x", "acme", "", {}).error().code, ErrorCode::kInvalidArgument);
  server_.stop();
  Result<PeerFetch> down = client.Fetch(base_, "acme", "", {});
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kTransport);
}

}  // namespace
}  // namespace five9exp
