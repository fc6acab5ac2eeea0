#include "exporter/config/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace five9exp {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto bad = [](std::string_view why) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        std::string(why) + " (expected HOST:PORT, e.g. \":9959\" or \"127.0.0.1:9960\")");
  };
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("missing port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3) return bad("unbalanced brackets around IPv6 host");
    host = host.substr(1, host.size() - 2);
    in6_addr ignored;
    if (inet_pton(AF_INET6, std::string(host).c_str(), &ignored) != 1) {
      return bad("invalid IPv6 address");
    }
  } else if (host.find(':') != std::string_view::npos) {
    return bad("IPv6 hosts must be written in brackets, e.g. \"[::1]:9959\"");
  } else {
    for (char c : host) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_';
      if (!ok) return bad("invalid character in host");
    }
  }
  if (port_text.empty()) return bad("missing port");
  int port = -1;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return bad("port must be a number from 0 to 65535");
  }
  return ListenAddress{std::string(host), port};
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr v4;
  if (inet_pton(AF_INET, std::string(host).c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  return false;
}

}  // namespace five9exp
