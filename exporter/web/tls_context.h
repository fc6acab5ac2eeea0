#pragma once
// ServerTlsContext: one OpenSSL SSL_CTX built from a web config file's tls_server_config
// (certificate and key, client CA and client_auth_type, protocol versions, TLS <= 1.2
// cipher suites, curves), and the step that moves a new connection onto it.
//
// Rotation without restart: httplib's SSLServer owns one template SSL_CTX; WebSecurity
// installs a ClientHello callback on it that calls ApplyTo() with the newest context, so
// each handshake uses the certificate read last (SSL_set_SSL_CTX swaps certificate and
// trust store; the per-connection settings that SSL_new copied are set again here).
// Session resumption is off so a rotated CA or certificate is never bypassed by a ticket.
//
// Immutable after Build(); ApplyTo is thread-safe. Only web/ includes OpenSSL headers.

#include <memory>
#include <string>

#include "exporter/common/error.h"
#include "exporter/config/web_config_file.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace five9exp {

class ServerTlsContext {
 public:
  // Loads the files (or inline PEM) and checks that key and certificate match. kConfig
  // with the file and OpenSSL's reason on failure.
  static Result<std::shared_ptr<const ServerTlsContext>> Build(const WebTlsServerConfig& config);
  ~ServerTlsContext();
  ServerTlsContext(const ServerTlsContext&) = delete;
  ServerTlsContext& operator=(const ServerTlsContext&) = delete;

  // Moves `ssl` (in its ClientHello callback) onto this context. False on failure.
  bool ApplyTo(SSL* ssl) const;

  SSL_CTX* get() const { return ctx_; }

 private:
  ServerTlsContext(SSL_CTX* ctx, const WebTlsServerConfig& config);

  SSL_CTX* ctx_;  // owned
  const WebTlsServerConfig config_;
};

// Prepares httplib's template context: the minimum settings a ClientHello needs before
// the swap. Returns false when OpenSSL refuses.
bool PrepareTemplateContext(SSL_CTX* ctx);

}  // namespace five9exp
