#include "exporter/web/peer_state.h"

#include "exporter/web/auth.h"

namespace five9exp {
namespace {

HttpResponse Text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(body);
  return response;
}

}  // namespace

HttpResponse ServePeerState(const HttpRequest& request, const std::string& domain,
                            const std::string& peer_token, const PeerStateFn& state) {
  if (peer_token.empty()) return Text(404, "state is not served (no peer token)\n");
  const std::string authorization = request.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !EqualsIgnoreCase(std::string_view(authorization).substr(0, kBearer.size()), kBearer) ||
      !ConstantTimeEquals(std::string_view(authorization).substr(kBearer.size()), peer_token)) {
    HttpResponse response = Text(401, "peer token required\n");
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
    return response;
  }
  std::optional<PeerState> current = state ? state(domain) : std::nullopt;
  if (!current || !current->bytes) return Text(404, "this replica does not lead that domain\n");
  HttpResponse response;
  response.headers.emplace_back("ETag", current->etag);
  response.headers.emplace_back("Cache-Control", "no-store");
  if (request.Header("If-None-Match") == current->etag) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.content_type = "application/octet-stream";
  response.body = *current->bytes;
  return response;
}

}  // namespace five9exp
