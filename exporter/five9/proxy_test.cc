#include "exporter/five9/proxy.h"

#include <gtest/gtest.h>

#include <map>

namespace five9exp {
namespace {

constexpr char kSecret[] = "pr0xy-Pa55";

Endpoint Https(std::string host, int port = 443) { return Endpoint{"https", host, port, "/ws"}; }
Endpoint Http(std::string host, int port = 80) { return Endpoint{"http", host, port, "/ws"}; }

// A fake environment: only the variables a test sets exist.
EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(ParseProxyUrlTest, ReadsHostAndPort) {
  auto p = ParseProxyUrl("http://proxy.corp.example:3128", ProxyUrlOrigin::kConfig);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->host, "proxy.corp.example");
  EXPECT_EQ(p->port, 3128);
  EXPECT_TRUE(p->username.empty());
  EXPECT_EQ(p->Display(), "http://proxy.corp.example:3128");
  auto v6 = ParseProxyUrl("HTTP://[::1]:8080/", ProxyUrlOrigin::kConfig);
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, 8080);
}

TEST(ParseProxyUrlTest, ConfigRefusesWhatItCannotUseWithoutEchoingSecrets) {
  const std::map<std::string, std::string> bad = {
      {"proxy:3128", "must start with http://"},
      {"https://proxy:3128", "proxies reached over TLS are not supported"},
      {"socks5://proxy:1080", "unsupported scheme \"socks5\""},
      {"http://proxy", "has no port"},
      {"http://proxy:", "has no port"},
      {"http://[::1]", "has no port"},
      {"http://proxy:99999", "invalid port"},
      {"http://proxy:3128/path", "must not have a path"},
      {"http://:3128", "has no host"},
      {std::string("http://user:") + kSecret + "@proxy:3128", "proxy_credentials_file"},
  };
  for (const auto& [url, expected] : bad) {
    auto p = ParseProxyUrl(url, ProxyUrlOrigin::kConfig);
    ASSERT_FALSE(p) << url;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(p.error().message.find(expected), std::string::npos)
        << url << " -> " << p.error().message;
    EXPECT_EQ(p.error().message.find(kSecret), std::string::npos) << p.error().message;
  }
}

TEST(ParseProxyUrlTest, EnvironmentAcceptsUserinfoAndAMissingScheme) {
  auto p = ParseProxyUrl("http://us%40er:p%3Ass@w@proxy:3128/", ProxyUrlOrigin::kEnvironment);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->username, "us@er");
  EXPECT_EQ(p->password, "p:ss@w");
  EXPECT_EQ(p->host, "proxy");
  EXPECT_EQ(p->Display(), "http://proxy:3128");  // never the credentials
  auto bare = ParseProxyUrl(" proxy.corp:8080 ", ProxyUrlOrigin::kEnvironment);
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_EQ(bare->host, "proxy.corp");
  EXPECT_EQ(bare->port, 8080);
  auto no_port =
      ParseProxyUrl(std::string("http://u:") + kSecret + "@proxy", ProxyUrlOrigin::kEnvironment);
  ASSERT_FALSE(no_port);
  EXPECT_EQ(no_port.error().message.find(kSecret), std::string::npos);
}

TEST(NoProxyMatchesTest, NamesAndDomainSuffixesWithOrWithoutADot) {
  for (const char* list :
       {"example.com", ".example.com", "*.example.com", " other, EXAMPLE.com."}) {
    EXPECT_TRUE(NoProxyMatches(list, "example.com", 443)) << list;
    EXPECT_TRUE(NoProxyMatches(list, "api.Example.com", 443)) << list;
    EXPECT_TRUE(NoProxyMatches(list, "a.b.example.com.", 443)) << list;
    EXPECT_FALSE(NoProxyMatches(list, "notexample.com", 443)) << list;
    EXPECT_FALSE(NoProxyMatches(list, "example.com.evil", 443)) << list;
  }
  EXPECT_TRUE(NoProxyMatches("*", "anything.example", 1));
  EXPECT_FALSE(NoProxyMatches("", "example.com", 443));
  EXPECT_FALSE(NoProxyMatches(" , ,", "example.com", 443));
  EXPECT_TRUE(NoProxyMatches("a.example b.example", "b.example", 443));  // white space separates
}

// Each case: whether NO_PROXY `list` bypasses the proxy for host:port.
struct NoProxyCase {
  const char* list;
  const char* host;
  int port;
  bool bypassed;
};
void ExpectNoProxy(std::initializer_list<NoProxyCase> cases) {
  for (const NoProxyCase& c : cases) {
    EXPECT_EQ(NoProxyMatches(c.list, c.host, c.port), c.bypassed)
        << "NO_PROXY=" << c.list << " for " << c.host << ":" << c.port;
  }
}

TEST(NoProxyMatchesTest, LoopbackIsNotImplicit) {
  ExpectNoProxy({
      {"example.com", "localhost", 80, false},
      {"example.com", "127.0.0.1", 80, false},
      {"localhost", "localhost", 80, true},
      {"127.0.0.1", "127.0.0.1", 80, true},
  });
}

TEST(NoProxyMatchesTest, AddressesAndBlocksMatchAnySpelling) {
  ExpectNoProxy({
      {"::1", "[::1]", 443, true},
      {"[0:0::1]", "[::1]", 443, true},
      {"10.0.0.0/8", "10.20.30.40", 443, true},
      {"10.0.0.0/8", "11.0.0.1", 443, false},
      {"192.168.1.0/24", "192.168.1.255", 443, true},
      {"192.168.1.0/24", "192.168.2.1", 443, false},
      {"fd00::/8", "[fd12:3456::1]", 443, true},
      {"fd00::/8", "[fe80::1]", 443, false},
      {"10.0.0.0/33", "10.0.0.1", 443, false},  // malformed: ignored
      // Names match names and addresses addresses: a suffix is never matched against an IP.
      {"0.1", "10.0.0.1", 443, false},
      {"127.0.0.1", "localhost", 443, false},
  });
}

TEST(NoProxyMatchesTest, AnEntryWithAPortMatchesThatPortOnly) {
  ExpectNoProxy({
      {"example.com:8443", "api.example.com", 8443, true},
      {"example.com:8443", "api.example.com", 443, false},
      {"127.0.0.1:9000", "127.0.0.1", 9000, true},
      {"127.0.0.1:9000", "127.0.0.1", 9001, false},
      {"[::1]:9000", "[::1]", 9000, true},
      {"[::1]:9000", "[::1]", 80, false},
      {"example.com:notaport", "example.com", 443, false},
  });
}

TEST(ChooseProxyTest, TheDomainKeyWinsOverTheEnvironment) {
  const EnvLookup env = Env({{"HTTPS_PROXY", "http://env-proxy:1"}});
  auto chosen = ChooseProxy(std::string("http://key-proxy:3128"), Https("api.five9.com"), env);
  ASSERT_TRUE(chosen) << chosen.error().message;
  ASSERT_TRUE(chosen->server);
  EXPECT_EQ(chosen->server->host, "key-proxy");
  EXPECT_EQ(chosen->source, "proxy_url");
  auto none = ChooseProxy(std::string(""), Https("api.five9.com"), env);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->server);
  EXPECT_EQ(none->source, "proxy_url");
  // A present key is judged even when the environment would have done.
  EXPECT_FALSE(ChooseProxy(std::string("proxy:3128"), Https("api.five9.com"), env));
}

TEST(ChooseProxyTest, TheEnvironmentByScheme) {
  const EnvLookup env = Env({{"HTTPS_PROXY", "http://secure:1"}, {"http_proxy", "plain:2"}});
  auto https = ChooseProxy(std::nullopt, Https("api.five9.com"), env);
  ASSERT_TRUE(https && https->server);
  EXPECT_EQ(https->server->host, "secure");
  EXPECT_EQ(https->source, "env:HTTPS_PROXY");
  auto http = ChooseProxy(std::nullopt, Http("sim.local"), env);
  ASSERT_TRUE(http && http->server);
  EXPECT_EQ(http->server->host, "plain");
  EXPECT_EQ(http->source, "env:http_proxy");
  // Lower case first, as curl reads them; an empty variable counts as unset.
  auto lower =
      ChooseProxy(std::nullopt, Https("h"),
                  Env({{"https_proxy", "http://lower:1"}, {"HTTPS_PROXY", "http://up:1"}}));
  ASSERT_TRUE(lower && lower->server);
  EXPECT_EQ(lower->server->host, "lower");
  auto empty = ChooseProxy(std::nullopt, Https("h"),
                           Env({{"https_proxy", " "}, {"HTTPS_PROXY", "http://up:1"}}));
  ASSERT_TRUE(empty && empty->server);
  EXPECT_EQ(empty->server->host, "up");
  auto unset = ChooseProxy(std::nullopt, Https("h"), Env({{"HTTP_PROXY", "http://p:1"}}));
  ASSERT_TRUE(unset);
  EXPECT_FALSE(unset->server);  // an http proxy variable does not serve https endpoints
  EXPECT_EQ(unset->source, "");
}

TEST(ChooseProxyTest, NoProxyBypassesTheEnvironmentOnly) {
  const EnvLookup env = Env({{"HTTPS_PROXY", "http://p:1"}, {"NO_PROXY", "five9.com,10.0.0.0/8"}});
  auto bypassed = ChooseProxy(std::nullopt, Https("api.five9.com"), env);
  ASSERT_TRUE(bypassed);
  EXPECT_FALSE(bypassed->server);
  EXPECT_EQ(bypassed->source, "env:NO_PROXY");
  auto proxied = ChooseProxy(std::nullopt, Https("api.five9.eu"), env);
  ASSERT_TRUE(proxied && proxied->server);
  auto key = ChooseProxy(std::string("http://k:2"), Https("api.five9.com"), env);
  ASSERT_TRUE(key && key->server);  // NO_PROXY is the environment's, not the key's
  EXPECT_EQ(key->server->host, "k");
}

TEST(ChooseProxyTest, ABadEnvironmentValueNamesTheVariableNotTheSecret) {
  auto bad = ChooseProxy(std::nullopt, Https("h"),
                         Env({{"https_proxy", std::string("http://u:") + kSecret + "@p"}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("environment variable https_proxy has no port"),
            std::string::npos)
      << bad.error().message;
  EXPECT_EQ(bad.error().message.find(kSecret), std::string::npos);
  // Bypassed hosts never look at the proxy value.
  EXPECT_TRUE(ChooseProxy(std::nullopt, Https("h"),
                          Env({{"https_proxy", "socks5://x:1"}, {"no_proxy", "*"}})));
}

}  // namespace
}  // namespace five9exp
