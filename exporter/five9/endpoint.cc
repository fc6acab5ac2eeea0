#include "exporter/five9/endpoint.h"

#include <charconv>

#include "exporter/common/strings.h"

namespace five9exp {
namespace {

tl::unexpected<Error> Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view url) {
  Endpoint out;
  if (url.starts_with("https://")) {
    out.scheme = "https";
    out.port = 443;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    out.scheme = "http";
    out.port = 80;
    url.remove_prefix(7);
  } else {
    return Invalid("must start with https:// (or http:// for the simulator)");
  }
  const size_t end_of_authority = url.find_first_of("/?#");
  const std::string_view authority = url.substr(0, end_of_authority);
  if (authority.find('@') != std::string_view::npos) {
    return Invalid("must not contain credentials; use username and password_file");
  }
  if (url.find_first_of(" \t\r\n") != std::string_view::npos) {
    return Invalid("must not contain white space");
  }
  out.path =
      end_of_authority == std::string_view::npos ? "/" : std::string(url.substr(end_of_authority));
  if (!out.path.starts_with('/')) out.path.insert(0, "/");
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Invalid("has an unterminated IPv6 address " + QuoteForMessage(authority));
    }
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        return Invalid("has a malformed host " + QuoteForMessage(authority));
      }
      port = authority.substr(close + 2);
    }
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") return Invalid("has no host");
  out.host = std::string(host);
  if (!port.empty()) {  // "host:" alone keeps the scheme's port, as RFC 3986 allows
    int value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value <= 0 || value > 65535) {
      return Invalid("has an invalid port " + QuoteForMessage(port) + " (expected 1-65535)");
    }
    out.port = value;
  }
  return out;
}

}  // namespace five9exp
