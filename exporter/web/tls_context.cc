#include "exporter/web/tls_context.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace five9exp {
namespace {

constexpr unsigned char kSessionIdContext[] = "five9_exporter";

std::string OpenSslReason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// Go's RequestClientCert/RequireAnyClientCert ask for a certificate but never judge it.
int AcceptAnyCertificate(int, X509_STORE_CTX*) { return 1; }

int VerifyMode(ClientAuthType type) {
  switch (type) {
    case ClientAuthType::kNoClientCert:
      return SSL_VERIFY_NONE;
    case ClientAuthType::kRequestClientCert:
    case ClientAuthType::kVerifyClientCertIfGiven:
      return SSL_VERIFY_PEER;
    case ClientAuthType::kRequireAnyClientCert:
    case ClientAuthType::kRequireAndVerifyClientCert:
      return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
  }
  return SSL_VERIFY_NONE;
}

SSL_verify_cb VerifyCallback(ClientAuthType type) {
  return type == ClientAuthType::kRequestClientCert || type == ClientAuthType::kRequireAnyClientCert
             ? AcceptAnyCertificate
             : nullptr;
}

// Every PEM certificate of `pem` into the context's trust store and CA name list.
bool LoadClientCa(SSL_CTX* ctx, const WebTlsServerConfig& config, std::string* error) {
  if (!config.client_ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, config.client_ca_file.c_str(), nullptr) != 1) {
      *error = "client_ca_file \"" + config.client_ca_file + "\": " + OpenSslReason();
      return false;
    }
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.client_ca_file.c_str());
    if (names != nullptr) SSL_CTX_set_client_CA_list(ctx, names);
    return true;
  }
  if (config.client_ca_pem.empty()) return true;
  BIO* bio =
      BIO_new_mem_buf(config.client_ca_pem.data(), static_cast<int>(config.client_ca_pem.size()));
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
  int count = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(cert)));
    X509_free(cert);
    ++count;
  }
  BIO_free(bio);
  ERR_clear_error();  // the end of the PEM stream is reported as an error
  SSL_CTX_set_client_CA_list(ctx, names);
  if (count == 0) {
    *error = "client_ca: no PEM certificate";
    return false;
  }
  return true;
}

bool LoadCertificate(SSL_CTX* ctx, const WebTlsServerConfig& config, std::string* error) {
  if (!config.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx, config.cert_file.c_str()) != 1) {
      *error = "cert_file \"" + config.cert_file + "\": " + OpenSslReason();
      return false;
    }
  } else {
    BIO* bio = BIO_new_mem_buf(config.cert_pem.data(), static_cast<int>(config.cert_pem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    bool ok = cert != nullptr && SSL_CTX_use_certificate(ctx, cert) == 1;
    X509_free(cert);
    while (ok) {  // the rest of the chain
      X509* extra = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
      if (extra == nullptr) break;
      if (SSL_CTX_add_extra_chain_cert(ctx, extra) != 1) {
        X509_free(extra);
        ok = false;
      }
    }
    BIO_free(bio);
    if (!ok) {
      *error = "cert: " + OpenSslReason();
      return false;
    }
    ERR_clear_error();
  }
  if (!config.key_file.empty()) {
    if (SSL_CTX_use_PrivateKey_file(ctx, config.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
      // Never the key's content; OpenSSL's reason names no secret.
      *error = "key_file \"" + config.key_file + "\": " + OpenSslReason();
      return false;
    }
  } else {
    BIO* bio = BIO_new_mem_buf(config.key_pem.data(), static_cast<int>(config.key_pem.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    const bool ok = key != nullptr && SSL_CTX_use_PrivateKey(ctx, key) == 1;
    EVP_PKEY_free(key);
    if (!ok) {
      *error = "key: " + OpenSslReason();
      return false;
    }
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    *error = "the key does not match the certificate";
    ERR_clear_error();
    return false;
  }
  return true;
}

}  // namespace

ServerTlsContext::ServerTlsContext(SSL_CTX* ctx, const WebTlsServerConfig& config)
    : ctx_(ctx), config_(config) {}

ServerTlsContext::~ServerTlsContext() { SSL_CTX_free(ctx_); }

Result<std::shared_ptr<const ServerTlsContext>> ServerTlsContext::Build(
    const WebTlsServerConfig& config) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return MakeError(ErrorCode::kConfig, "tls: " + OpenSslReason());
  // Owned from here on, also on the error paths below.
  std::shared_ptr<const ServerTlsContext> out(new ServerTlsContext(ctx, config));
  std::string error;
  if (!LoadCertificate(ctx, config, &error) || !LoadClientCa(ctx, config, &error)) {
    return MakeError(ErrorCode::kConfig, "tls_server_config: " + error);
  }
  SSL_CTX_set_min_proto_version(ctx, config.min_version);
  SSL_CTX_set_max_proto_version(ctx, config.max_version);
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
               (config.prefer_server_cipher_suites ? SSL_OP_CIPHER_SERVER_PREFERENCE : 0));
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1);
  if (!config.openssl_cipher_list.empty() &&
      SSL_CTX_set_cipher_list(ctx, config.openssl_cipher_list.c_str()) != 1) {
    return MakeError(ErrorCode::kConfig, "tls_server_config.cipher_suites: " + OpenSslReason());
  }
  if (!config.openssl_groups.empty() &&
      SSL_CTX_set1_groups_list(ctx, config.openssl_groups.c_str()) != 1) {
    return MakeError(ErrorCode::kConfig, "tls_server_config.curve_preferences: " + OpenSslReason());
  }
  SSL_CTX_set_verify(ctx, VerifyMode(config.client_auth), VerifyCallback(config.client_auth));
  return out;
}

bool ServerTlsContext::ApplyTo(SSL* ssl) const {
  if (SSL_set_SSL_CTX(ssl, ctx_) == nullptr) return false;
  // SSL_new copied these from the template; take them from this context instead.
  SSL_set_verify(ssl, VerifyMode(config_.client_auth), VerifyCallback(config_.client_auth));
  SSL_set_min_proto_version(ssl, config_.min_version);
  SSL_set_max_proto_version(ssl, config_.max_version);
  SSL_clear_options(ssl, SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_set_options(ssl, SSL_CTX_get_options(ctx_));
  SSL_set_session_id_context(ssl, kSessionIdContext, sizeof kSessionIdContext - 1);
  if (!config_.openssl_cipher_list.empty() &&
      SSL_set_cipher_list(ssl, config_.openssl_cipher_list.c_str()) != 1) {
    return false;
  }
  if (!config_.openssl_groups.empty() &&
      SSL_set1_groups_list(ssl, config_.openssl_groups.c_str()) != 1) {
    return false;
  }
  if (STACK_OF(X509_NAME)* names = SSL_CTX_get_client_CA_list(ctx_)) {
    SSL_set_client_CA_list(ssl, SSL_dup_CA_list(names));
  }
  return true;
}

bool PrepareTemplateContext(SSL_CTX* ctx) {
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  // Wide open on purpose: ApplyTo narrows each connection to its context's versions.
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
  return true;
}

}  // namespace five9exp
