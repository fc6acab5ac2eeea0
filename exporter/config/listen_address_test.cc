#include "exporter/config/listen_address.h"

#include <gtest/gtest.h>

namespace five9exp {
namespace {

TEST(ListenAddressTest, SplitsHostAndPort) {
  auto any = ParseListenAddress(":9959");
  ASSERT_TRUE(any.has_value());
  EXPECT_EQ(any->host, "");
  EXPECT_EQ(any->port, 9959);

  auto v4 = ParseListenAddress("127.0.0.1:9960");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9960);

  auto v6 = ParseListenAddress("[::1]:9959");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");

  auto ephemeral = ParseListenAddress("localhost:0");
  ASSERT_TRUE(ephemeral.has_value());
  EXPECT_EQ(ephemeral->host, "localhost");
  EXPECT_EQ(ephemeral->port, 0);
}

TEST(ListenAddressTest, RefusesMalformed) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"9959", "missing port"},
      {"host:", "missing port"},
      {"host:70000", "port must be a number from 0 to 65535"},
      {"host:-1", "port must be a number from 0 to 65535"},
      {"host:99x", "port must be a number from 0 to 65535"},
      {"::1:9959", "IPv6 hosts must be written in brackets, e.g. \"[::1]:9959\""},
      {"[::1:9959", "unbalanced brackets around IPv6 host"},
      {"[zz]:1", "invalid IPv6 address"},
      {"a b:1", "invalid character in host"},
  };
  for (const auto& [text, reason] : cases) {
    auto parsed = ParseListenAddress(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().message,
              std::string(reason) + " (expected HOST:PORT, e.g. \":9959\" or \"127.0.0.1:9960\")")
        << text;
  }
}

TEST(ListenAddressTest, LoopbackHosts) {
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_FALSE(IsLoopbackHost(""));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("example.com"));
}

}  // namespace
}  // namespace five9exp
