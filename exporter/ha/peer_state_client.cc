#include "exporter/ha/peer_state_client.h"

#include <httplib.h>

#include <atomic>

#include "exporter/common/httplib_client.h"

namespace five9exp {

PeerStateClient::PeerStateClient(PeerStateClientOptions options) : options_(std::move(options)) {}

Result<PeerFetch> PeerStateClient::Fetch(const std::string& base_url, const std::string& domain,
                                         const std::string& etag, std::stop_token stop) {
  if (!base_url.starts_with("http://") && !base_url.starts_with("https://")) {
    return MakeError(ErrorCode::kInvalidArgument, "state URL must be http:// or https://");
  }
  // A client per fetch: peers change with every takeover, and a fetch per checkpoint
  // interval does not need a kept-alive connection.
  const std::unique_ptr<httplib::Client> owned = NewHttplibClient(base_url);
  httplib::Client& client = *owned;
  if (!client.is_valid()) return MakeError(ErrorCode::kInvalidArgument, "state URL unusable");
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.timeout);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(options_.timeout - seconds);
  client.set_connection_timeout(seconds.count(), micros.count());
  client.set_read_timeout(seconds.count(), micros.count());
  client.set_follow_location(false);  // never send the peer token elsewhere
  if (base_url.starts_with("https://")) client.enable_server_certificate_verification(true);
  std::atomic<bool> cancelled{false};
  std::stop_callback on_stop(stop, [&] {
    cancelled.store(true);
    client.stop();
  });
  httplib::Headers headers = {{"Authorization", "Bearer " + options_.peer_token}};
  if (!etag.empty()) headers.emplace("If-None-Match", etag);
  auto body = std::make_shared<std::string>();
  bool too_large = false;
  httplib::Result res =
      client.Get("/-/state/" + domain, headers, [&](const char* data, size_t size) {
        if (cancelled.load()) return false;
        if (body->size() + size > options_.max_response_bytes) {
          too_large = true;
          return false;
        }
        body->append(data, size);
        return true;
      });
  if (too_large) return MakeError(ErrorCode::kBodyTooLarge, "peer state exceeds the cap");
  if (cancelled.load()) return MakeError(ErrorCode::kCancelled, "peer state fetch cancelled");
  if (!res) {
    return MakeError(ErrorCode::kTransport,
                     "peer state fetch failed: " + httplib::to_string(res.error()));
  }
  PeerFetch out;
  out.etag = res->get_header_value("ETag");
  if (res->status == 304) {
    out.not_modified = true;
    if (out.etag.empty()) out.etag = etag;
    return out;
  }
  if (res->status != 200) {
    Error error{ErrorCode::kHttpStatus, "peer state answered HTTP " + std::to_string(res->status)};
    error.http_status = res->status;
    return tl::unexpected(std::move(error));
  }
  out.bytes = std::move(body);
  return out;
}

}  // namespace five9exp
