#pragma once
// FakeLeaseServer: an in-memory Kubernetes API server for Leases behind the KubeTransport
// seam (test support, f9_ha_testing). Real semantics where the elector depends on them:
// resourceVersion optimistic concurrency (409 on a stale PUT or an existing POST), 404 for
// a missing Lease, 401 without the expected token; plus injected answers (any status),
// and outages (kTransport). Several clients Connect() to one server.
//
// Thread-safe.

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "exporter/ha/kube_transport.h"
#include "exporter/ha/lease.h"

namespace five9exp {

class FakeLeaseServer {
 public:
  // Requests without "Bearer <token>" answer 401 when a token is required.
  void RequireToken(std::string token) {
    std::lock_guard lock(mutex_);
    token_ = std::move(token);
  }
  // The next requests (of `method` only, when given) answer `status` with a Status body
  // instead of being served.
  void InjectStatus(int status, int times = 1, std::string method = "") {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < times; ++i) injected_.push_back({status, method});
  }
  void SetOutage(bool down) {
    std::lock_guard lock(mutex_);
    down_ = down;
  }
  // Stores a Lease as if created by kubectl (resourceVersion assigned).
  void Put(Lease lease) {
    std::lock_guard lock(mutex_);
    lease.resource_version = std::to_string(++version_);
    leases_[lease.name] = std::move(lease);
  }
  std::optional<Lease> Find(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = leases_.find(name);
    if (it == leases_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<KubeRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  std::unique_ptr<KubeTransport> Connect() { return std::make_unique<Connection>(*this); }

  KubeResponse Serve(const KubeRequest& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (!token_.empty() && request.bearer_token != token_) return Status(401, "Unauthorized");
    if (!injected_.empty() &&
        (injected_.front().method.empty() || injected_.front().method == request.method)) {
      const int status = injected_.front().status;
      injected_.pop_front();
      return Status(status, "injected");
    }
    static const std::string kPrefix = "/apis/coordination.k8s.io/v1/namespaces/";
    if (!request.path.starts_with(kPrefix)) return Status(404, "no such path");
    std::string rest = request.path.substr(kPrefix.size());
    const size_t slash = rest.find('/');
    if (slash == std::string::npos) return Status(404, "no such path");
    const std::string ns = rest.substr(0, slash);
    rest = rest.substr(slash + 1);
    if (rest == "leases" && request.method == "POST") {
      Result<Lease> lease = DecodeLease(request.body);
      if (!lease) return Status(400, lease.error().message);
      if (leases_.count(lease->name)) return Status(409, "AlreadyExists");
      lease->namespace_name = ns;
      lease->resource_version = std::to_string(++version_);
      leases_[lease->name] = *lease;
      return {201, EncodeLease(*lease)};
    }
    if (!rest.starts_with("leases/")) return Status(404, "no such path");
    const std::string name = rest.substr(7);
    auto it = leases_.find(name);
    if (request.method == "GET") {
      if (it == leases_.end()) return Status(404, "NotFound");
      return {200, EncodeLease(it->second)};
    }
    if (request.method == "PUT") {
      if (it == leases_.end()) return Status(404, "NotFound");
      Result<Lease> lease = DecodeLease(request.body);
      if (!lease) return Status(400, lease.error().message);
      if (lease->resource_version != it->second.resource_version) return Status(409, "Conflict");
      lease->namespace_name = ns;
      lease->resource_version = std::to_string(++version_);
      it->second = *lease;
      return {200, EncodeLease(*lease)};
    }
    return Status(405, "MethodNotAllowed");
  }

 private:
  class Connection final : public KubeTransport {
   public:
    explicit Connection(FakeLeaseServer& server) : server_(server) {}
    Result<KubeResponse> Send(const KubeRequest& request, std::stop_token stop) override {
      if (stop.stop_requested()) return MakeError(ErrorCode::kCancelled, "cancelled");
      {
        std::lock_guard lock(server_.mutex_);
        if (server_.down_) return MakeError(ErrorCode::kTransport, "connection refused");
      }
      return server_.Serve(request);
    }

   private:
    FakeLeaseServer& server_;
  };

  static KubeResponse Status(int code, const std::string& message) {
    nlohmann::json body = {
        {"kind", "Status"}, {"status", "Failure"}, {"message", message}, {"code", code}};
    return {code, body.dump()};
  }

  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::map<std::string, Lease> leases_;
  struct Injected {
    int status;
    std::string method;  // empty = any
  };
  std::deque<Injected> injected_;
  std::vector<KubeRequest> requests_;
  std::string token_;
  bool down_ = false;
  int64_t version_ = 100;
};

}  // namespace five9exp
