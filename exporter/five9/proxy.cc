#include "exporter/five9/proxy.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "exporter/common/strings.h"

namespace five9exp {
namespace {

tl::unexpected<Error> Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 userinfo may percent-encode ':' and '@'; a malformed escape stays as written.
std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// An IP address in binary, for comparisons that ignore spelling ("::1" == "0:0::1").
struct IpAddress {
  int family = 0;  // AF_INET or AF_INET6
  std::array<unsigned char, 16> bytes{};
  int bits() const { return family == AF_INET ? 32 : 128; }
};

std::optional<IpAddress> ParseIp(std::string_view text) {
  if (text.starts_with('[') && text.ends_with(']')) text = text.substr(1, text.size() - 2);
  const std::string copy(text);
  IpAddress ip;
  if (inet_pton(AF_INET, copy.c_str(), ip.bytes.data()) == 1) {
    ip.family = AF_INET;
    return ip;
  }
  if (inet_pton(AF_INET6, copy.c_str(), ip.bytes.data()) == 1) {
    ip.family = AF_INET6;
    return ip;
  }
  return std::nullopt;
}

bool SamePrefix(const IpAddress& a, const IpAddress& b, int prefix_bits) {
  if (a.family != b.family) return false;
  for (int bit = 0; bit < prefix_bits; ++bit) {
    const unsigned char mask = static_cast<unsigned char>(0x80 >> (bit % 8));
    if ((a.bytes[bit / 8] & mask) != (b.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

std::optional<int> ParsePort(std::string_view text) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0 || value > 65535) {
    return std::nullopt;
  }
  return value;
}

// One NO_PROXY entry: its host part (lower case, brackets and leading dot removed) and the
// port it is limited to (0 = any).
struct NoProxyEntry {
  std::string host;
  int port = 0;
};

std::optional<NoProxyEntry> SplitEntry(std::string_view entry) {
  NoProxyEntry out;
  std::string_view host = entry;
  if (entry.starts_with('[')) {  // [v6] or [v6]:port
    const size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = entry.substr(1, close - 1);
    if (close + 1 < entry.size()) {
      if (entry[close + 1] != ':') return std::nullopt;
      auto port = ParsePort(entry.substr(close + 2));
      if (!port) return std::nullopt;
      out.port = *port;
    }
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {  // name:port or v4:port
    const size_t colon = entry.find(':');
    host = entry.substr(0, colon);
    auto port = ParsePort(entry.substr(colon + 1));
    if (!port) return std::nullopt;
    out.port = *port;
  }  // else a bare name, v4 address or unbracketed v6 address (no port possible)
  if (host.starts_with("*.")) host.remove_prefix(1);
  if (host.starts_with('.')) host.remove_prefix(1);
  if (host.ends_with('.')) host.remove_suffix(1);
  if (host.empty()) return std::nullopt;
  out.host = Lower(host);
  return out;
}

bool EntryMatches(const NoProxyEntry& entry, const std::string& host,
                  const std::optional<IpAddress>& host_ip) {
  if (host_ip) {
    const size_t slash = entry.host.find('/');
    auto entry_ip = ParseIp(std::string_view(entry.host).substr(0, slash));
    if (!entry_ip) return false;
    int bits = entry_ip->bits();
    if (slash != std::string::npos) {
      const std::string_view prefix = std::string_view(entry.host).substr(slash + 1);
      auto [ptr, ec] = std::from_chars(prefix.data(), prefix.data() + prefix.size(), bits);
      if (ec != std::errc() || ptr != prefix.data() + prefix.size() || bits < 0 ||
          bits > entry_ip->bits()) {
        return false;
      }
    }
    return SamePrefix(*host_ip, *entry_ip, bits);
  }
  return host == entry.host || (host.size() > entry.host.size() && host.ends_with(entry.host) &&
                                host[host.size() - entry.host.size() - 1] == '.');
}

const char* FirstSet(const EnvLookup& env, std::initializer_list<const char*> names,
                     const char** which) {
  for (const char* name : names) {
    const char* value = env(name);
    if (value != nullptr && !TrimAsciiSpace(value).empty()) {
      *which = name;
      return value;
    }
  }
  return nullptr;
}

}  // namespace

std::string ProxyServer::Display() const { return "http://" + host + ":" + std::to_string(port); }

Result<ProxyServer> ParseProxyUrl(std::string_view url, ProxyUrlOrigin origin) {
  const bool from_env = origin == ProxyUrlOrigin::kEnvironment;
  url = TrimAsciiSpace(url);
  std::string with_scheme;
  if (const size_t sep = url.find("://"); sep == std::string_view::npos) {
    if (!from_env) return Invalid("must start with http:// (http://host:port)");
    with_scheme = "http://" + std::string(url);  // curl and Go read "host:port" so
  } else {
    const std::string scheme = Lower(url.substr(0, sep));
    if (scheme == "https") {
      return Invalid(
          "must start with http://: proxies reached over TLS are not supported (HTTPS to Five9 "
          "stays encrypted end to end through the proxy's CONNECT)");
    }
    if (scheme != "http") {
      return Invalid("has the unsupported scheme " + QuoteForMessage(scheme) +
                     " (only http:// proxies)");
    }
    with_scheme = "http://" + std::string(url.substr(sep + 3));
  }
  ProxyServer out;
  // Userinfo ends at the last '@' before the path: a password may contain '@' unescaped.
  const size_t authority_end = with_scheme.find_first_of("/?#", 7);
  const size_t at = with_scheme.rfind('@', authority_end);
  if (at != std::string::npos && at >= 7) {
    if (!from_env) {
      return Invalid("must not contain credentials; put user:password in proxy_credentials_file");
    }
    const std::string_view userinfo = std::string_view(with_scheme).substr(7, at - 7);
    const size_t colon = userinfo.find(':');
    out.username = PercentDecode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) out.password = PercentDecode(userinfo.substr(colon + 1));
    with_scheme.erase(7, at - 7 + 1);
  }
  auto endpoint = ParseEndpoint(with_scheme);
  if (!endpoint) return tl::unexpected(endpoint.error());
  // ParseEndpoint fills in the scheme's port; a proxy's must be written out.
  const size_t path_start = with_scheme.find_first_of("/?#", 7);
  const std::string_view authority =
      std::string_view(with_scheme)
          .substr(7, path_start == std::string::npos ? std::string::npos : path_start - 7);
  size_t port_colon = authority.rfind(':');
  if (authority.starts_with('[')) {  // an IPv6 literal's own colons are not a port
    const size_t close = authority.find("]:");
    port_colon = close == std::string_view::npos ? close : close + 1;
  }
  const bool has_port = port_colon != std::string_view::npos && port_colon + 1 < authority.size();
  if (!has_port) return Invalid("has no port (write http://host:port)");
  if (!from_env && endpoint->path != "/") {
    return Invalid("must not have a path (write http://host:port)");
  }
  out.host = endpoint->host;
  out.port = endpoint->port;
  return out;
}

bool NoProxyMatches(std::string_view no_proxy, std::string_view host_in, int port) {
  std::string host = Lower(host_in);
  if (host.ends_with('.')) host.pop_back();
  const std::optional<IpAddress> host_ip = ParseIp(host);
  size_t start = 0;
  while (start <= no_proxy.size()) {
    size_t end = no_proxy.find_first_of(", \t\r\n", start);
    if (end == std::string_view::npos) end = no_proxy.size();
    const std::string_view item = no_proxy.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    if (item == "*") return true;
    auto entry = SplitEntry(item);
    if (!entry || (entry->port != 0 && entry->port != port)) continue;
    if (EntryMatches(*entry, host, host_ip)) return true;
  }
  return false;
}

Result<ProxyChoice> ChooseProxy(const std::optional<std::string>& proxy_url,
                                const Endpoint& endpoint, const EnvLookup& env) {
  if (proxy_url) {
    if (proxy_url->empty()) return ProxyChoice{std::nullopt, "proxy_url"};
    auto server = ParseProxyUrl(*proxy_url, ProxyUrlOrigin::kConfig);
    if (!server) return tl::unexpected(server.error());
    return ProxyChoice{std::move(*server), "proxy_url"};
  }
  const char* variable = nullptr;
  const char* value = endpoint.scheme == "https"
                          ? FirstSet(env, {"https_proxy", "HTTPS_PROXY"}, &variable)
                          : FirstSet(env, {"http_proxy", "HTTP_PROXY"}, &variable);
  if (value == nullptr) return ProxyChoice{std::nullopt, ""};
  const char* no_proxy_variable = nullptr;
  if (const char* no_proxy = FirstSet(env, {"no_proxy", "NO_PROXY"}, &no_proxy_variable);
      no_proxy != nullptr && NoProxyMatches(no_proxy, endpoint.host, endpoint.port)) {
    return ProxyChoice{std::nullopt, std::string("env:") + no_proxy_variable};
  }
  auto server = ParseProxyUrl(value, ProxyUrlOrigin::kEnvironment);
  if (!server) {
    return Invalid(std::string("environment variable ") + variable + " " + server.error().message);
  }
  return ProxyChoice{std::move(*server), std::string("env:") + variable};
}

}  // namespace five9exp
