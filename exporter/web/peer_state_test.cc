#include "exporter/web/peer_state.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

constexpr char kToken[] = "peer-Secret-0123";

HttpRequest Get(std::string authorization = "", std::string if_none_match = "") {
  HttpRequest request;
  request.method = "GET";
  request.raw_path = "/-/state/acme";
  if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
  if (!if_none_match.empty()) request.headers.emplace_back("If-None-Match", if_none_match);
  return request;
}

PeerStateFn Leading(std::string bytes, std::string etag) {
  auto shared = std::make_shared<const std::string>(std::move(bytes));
  return [shared, etag](const std::string& domain) -> std::optional<PeerState> {
    if (domain != "acme") return std::nullopt;
    return PeerState{shared, etag};
  };
}

TEST(PeerStateTest, ServesTheBytesWithAnETagToTheRightToken) {
  HttpResponse response = ServePeerState(Get(std::string("Bearer ") + kToken), "acme", kToken,
                                         Leading("CKPT", "\"v7\""));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "CKPT");
  EXPECT_EQ(response.content_type, "application/octet-stream");
  EXPECT_EQ(response.Header("ETag"), "\"v7\"");
}

TEST(PeerStateTest, AnUnchangedStateCostsA304WithoutBody) {
  HttpResponse response = ServePeerState(Get(std::string("Bearer ") + kToken, "\"v7\""), "acme",
                                         kToken, Leading("CKPT", "\"v7\""));
  EXPECT_EQ(response.status, 304);
  EXPECT_TRUE(response.body.empty());
  response = ServePeerState(Get(std::string("Bearer ") + kToken, "\"v6\""), "acme", kToken,
                            Leading("CKPT", "\"v7\""));
  EXPECT_EQ(response.status, 200);
}

TEST(PeerStateTest, WrongOrMissingTokenIs401AndNeverEchoesIt) {
  for (const std::string& auth : {std::string(), std::string("Bearer wrong"),
                                  std::string("Basic ") + kToken, std::string("Bearer ")}) {
    HttpResponse response = ServePeerState(Get(auth), "acme", kToken, Leading("CKPT", "\"v\""));
    EXPECT_EQ(response.status, 401) << auth;
    EXPECT_EQ(response.body.find(kToken), std::string::npos);
    EXPECT_EQ(response.body.find("CKPT"), std::string::npos);
  }
}

TEST(PeerStateTest, OffWithoutAPeerTokenAnd404ForADomainNotLedHere) {
  EXPECT_EQ(ServePeerState(Get("Bearer x"), "acme", "", Leading("CKPT", "\"v\"")).status, 404);
  const std::string auth = std::string("Bearer ") + kToken;
  EXPECT_EQ(ServePeerState(Get(auth), "globex", kToken, Leading("CKPT", "\"v\"")).status, 404);
  EXPECT_EQ(ServePeerState(Get(auth), "acme", kToken, PeerStateFn{}).status, 404);
}

}  // namespace
}  // namespace five9exp
