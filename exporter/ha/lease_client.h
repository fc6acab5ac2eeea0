#pragma once
// LeaseClient: GET/POST/PUT of coordination.k8s.io/v1 Leases in one namespace, with the
// service account's bearer token re-read every `token_refresh` (bound tokens rotate) and
// right after a 401.
//
// Errors: a status other than 2xx is kHttpStatus with Error::http_status set (404 on Get
// is not an error: nullopt). IsConflict() tells a 409 (stale resourceVersion or an
// existing Lease on Create) from other failures. Token problems are kIo.
//
// Thread-compatible: one call at a time (the elector's thread).

#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/ha/kube_transport.h"
#include "exporter/ha/lease.h"

namespace five9exp {

struct LeaseClientOptions {
  std::string namespace_name;  // the Leases' namespace
  std::string token_file;      // service-account token; empty = no Authorization header
  std::chrono::seconds token_refresh{60};
  std::chrono::milliseconds request_timeout{5000};  // default; calls may pass a shorter one
};

bool IsConflict(const Error& error);

class LeaseClient {
 public:
  // `clock` must outlive the client.
  LeaseClient(LeaseClientOptions options, std::unique_ptr<KubeTransport> transport,
              const Clock& clock);

  Result<std::optional<Lease>> Get(const std::string& name, std::stop_token stop,
                                   std::optional<std::chrono::milliseconds> timeout = {});
  Result<Lease> Create(const Lease& lease, std::stop_token stop,
                       std::optional<std::chrono::milliseconds> timeout = {});
  // PUT with lease.resource_version: 409 when someone else wrote in between.
  Result<Lease> Update(const Lease& lease, std::stop_token stop,
                       std::optional<std::chrono::milliseconds> timeout = {});

 private:
  Result<KubeResponse> Send(std::string method, std::string path, std::string body,
                            std::stop_token stop, std::optional<std::chrono::milliseconds> timeout);
  Result<std::string> Token();
  std::string CollectionPath() const;

  const LeaseClientOptions options_;
  std::unique_ptr<KubeTransport> transport_;
  const Clock& clock_;
  // Token cache; owned by the calling thread.
  std::string token_;
  std::optional<SteadyTime> token_read_at_;
};

}  // namespace five9exp
