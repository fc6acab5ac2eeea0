#pragma once
// KubeTransport: the HTTP seam between the Lease client and the Kubernetes API server.
// HttpKubeTransport (http_kube_transport.h) is the real one; tests use FakeLeaseServer
// (fake_lease_server.h).

#include <chrono>
#include <stop_token>
#include <string>

#include "exporter/common/error.h"

namespace five9exp {

struct KubeRequest {
  std::string method;        // GET, POST, PUT
  std::string path;          // /apis/coordination.k8s.io/v1/namespaces/NS/leases[/NAME]
  std::string body;          // JSON for POST/PUT
  std::string bearer_token;  // secret: never logged
  std::chrono::milliseconds timeout{5000};
};

struct KubeResponse {
  int status = 0;
  std::string body;
};

// Thread-compatible: one call at a time per instance.
class KubeTransport {
 public:
  virtual ~KubeTransport() = default;
  // Errors: kTransport, kTimeout, kTls, kBodyTooLarge, kCancelled. Any HTTP status is an
  // answer, not an error, here.
  virtual Result<KubeResponse> Send(const KubeRequest& request, std::stop_token stop) = 0;
};

}  // namespace five9exp
