#include "exporter/web/basic_auth.h"

#include <crypt.h>
#include <gtest/gtest.h>

#include "exporter/testing/codecs.h"

namespace five9exp {
namespace {

// A cost-4 hash made at test time by libcrypt itself (the cheapest cost bcrypt allows).
std::string HashOf(const std::string& password) {
  crypt_data data{};
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  EXPECT_NE(crypt_gensalt_rn("$2y$", 4, nullptr, 0, salt, sizeof salt), nullptr);
  return crypt_r(password.c_str(), salt, &data);
}

std::string Basic(const std::string& user_and_password) {
  return "Basic " + Base64(user_and_password);
}

TEST(BasicAuthTest, ChecksBcryptAndCachesSuccessBriefly) {
  FakeClock clock;
  BasicAuthenticator auth(clock);
  const std::map<std::string, std::string> users = {{"alice", HashOf("wonder:land")}};
  EXPECT_TRUE(auth.Check(users, Basic("alice:wonder:land")));
  EXPECT_EQ(auth.bcrypt_runs(), 1u);
  EXPECT_TRUE(auth.Check(users, Basic("alice:wonder:land")));
  EXPECT_EQ(auth.bcrypt_runs(), 1u);  // cached
  EXPECT_FALSE(auth.Check(users, Basic("alice:wonder:lan")));
  EXPECT_FALSE(auth.Check(users, Basic("alice:wonder:lan")));
  EXPECT_EQ(auth.bcrypt_runs(), 3u);  // failures are never cached
  clock.Advance(BasicAuthenticator::kSuccessCacheTtl + std::chrono::seconds(1));
  EXPECT_TRUE(auth.Check(users, Basic("alice:wonder:land")));
  EXPECT_EQ(auth.bcrypt_runs(), 4u);  // expired
  // A new hash for the same user (the file changed) misses the cache.
  const std::map<std::string, std::string> rotated = {{"alice", HashOf("new")}};
  EXPECT_FALSE(auth.Check(rotated, Basic("alice:wonder:land")));
  EXPECT_TRUE(auth.Check(rotated, Basic("alice:new")));
}

TEST(BasicAuthTest, RefusesMalformedHeadersAndUnknownUsers) {
  FakeClock clock;
  BasicAuthenticator auth(clock);
  const std::map<std::string, std::string> users = {{"alice", HashOf("pw")}};
  for (const std::string& header :
       {std::string(), std::string("Bearer abc"), std::string("Basic"), std::string("Basic !!!!"),
        Basic("alice"), Basic("bob:pw"), Basic(":pw"), std::string("Basic YWxpY2U6cHc")}) {
    EXPECT_FALSE(auth.Check(users, header)) << header;
  }
  EXPECT_TRUE(auth.Check(users, "basic   " + Basic("alice:pw").substr(6) + " "));
}

TEST(BasicAuthTest, DecodesBase64) {
  std::string out;
  ASSERT_TRUE(DecodeBase64("YWxpY2U6cHc=", &out));
  EXPECT_EQ(out, "alice:pw");
  EXPECT_FALSE(DecodeBase64("YWxpY2U6cHc", &out));
  EXPECT_FALSE(DecodeBase64("YW=pY2U6", &out));
}

}  // namespace
}  // namespace five9exp
