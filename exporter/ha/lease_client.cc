#include "exporter/ha/lease_client.h"

#include <fstream>
#include <sstream>

namespace five9exp {
namespace {

constexpr size_t kMaxTokenBytes = 64 * 1024;

Result<Lease> DecodeAnswer(const KubeResponse& response) {
  Result<Lease> lease = DecodeLease(response.body);
  if (!lease) return tl::unexpected(lease.error());
  return lease;
}

tl::unexpected<Error> StatusError(const std::string& what, const KubeResponse& response) {
  Error error{ErrorCode::kHttpStatus, what + " answered HTTP " + std::to_string(response.status)};
  const std::string message = StatusMessageOf(response.body);
  if (!message.empty()) error.message += ": " + message;
  error.http_status = response.status;
  return tl::unexpected(std::move(error));
}

}  // namespace

bool IsConflict(const Error& error) {
  return error.code == ErrorCode::kHttpStatus && error.http_status == 409;
}

LeaseClient::LeaseClient(LeaseClientOptions options, std::unique_ptr<KubeTransport> transport,
                         const Clock& clock)
    : options_(std::move(options)), transport_(std::move(transport)), clock_(clock) {}

std::string LeaseClient::CollectionPath() const {
  return "/apis/coordination.k8s.io/v1/namespaces/" + options_.namespace_name + "/leases";
}

Result<std::string> LeaseClient::Token() {
  if (options_.token_file.empty()) return std::string();
  const SteadyTime now = clock_.SteadyNow();
  if (token_read_at_ && now - *token_read_at_ < options_.token_refresh) return token_;
  std::ifstream in(options_.token_file, std::ios::binary);
  if (!in) {
    // A rotation in progress may leave the file briefly absent: keep the old token.
    if (!token_.empty()) return token_;
    return MakeError(ErrorCode::kIo,
                     "cannot read the API server token file " + options_.token_file);
  }
  std::string text(kMaxTokenBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxTokenBytes) {
    return MakeError(ErrorCode::kIo, "API server token file is larger than 64 KiB");
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.empty()) {
    if (!token_.empty()) return token_;
    return MakeError(ErrorCode::kIo, "API server token file is empty");
  }
  token_ = std::move(text);
  token_read_at_ = now;
  return token_;
}

Result<KubeResponse> LeaseClient::Send(std::string method, std::string path, std::string body,
                                       std::stop_token stop,
                                       std::optional<std::chrono::milliseconds> timeout) {
  Result<std::string> token = Token();
  if (!token) return tl::unexpected(token.error());
  KubeRequest request{std::move(method), std::move(path), std::move(body), *token,
                      timeout.value_or(options_.request_timeout)};
  Result<KubeResponse> response = transport_->Send(request, stop);
  if (response && response->status == 401) token_read_at_.reset();  // rotated: read it again
  return response;
}

Result<std::optional<Lease>> LeaseClient::Get(const std::string& name, std::stop_token stop,
                                              std::optional<std::chrono::milliseconds> timeout) {
  Result<KubeResponse> response = Send("GET", CollectionPath() + "/" + name, "", stop, timeout);
  if (!response) return tl::unexpected(response.error());
  if (response->status == 404) return std::optional<Lease>();
  if (response->status != 200) return StatusError("GET Lease " + name, *response);
  Result<Lease> lease = DecodeAnswer(*response);
  if (!lease) return tl::unexpected(lease.error());
  return std::optional<Lease>(std::move(*lease));
}

Result<Lease> LeaseClient::Create(const Lease& lease, std::stop_token stop,
                                  std::optional<std::chrono::milliseconds> timeout) {
  Lease body = lease;
  body.namespace_name = options_.namespace_name;
  body.resource_version.clear();  // a create must not carry one
  Result<KubeResponse> response = Send("POST", CollectionPath(), EncodeLease(body), stop, timeout);
  if (!response) return tl::unexpected(response.error());
  if (response->status != 201 && response->status != 200) {
    return StatusError("POST Lease " + lease.name, *response);
  }
  return DecodeAnswer(*response);
}

Result<Lease> LeaseClient::Update(const Lease& lease, std::stop_token stop,
                                  std::optional<std::chrono::milliseconds> timeout) {
  Lease body = lease;
  body.namespace_name = options_.namespace_name;
  Result<KubeResponse> response =
      Send("PUT", CollectionPath() + "/" + lease.name, EncodeLease(body), stop, timeout);
  if (!response) return tl::unexpected(response.error());
  if (response->status != 200) return StatusError("PUT Lease " + lease.name, *response);
  return DecodeAnswer(*response);
}

}  // namespace five9exp
