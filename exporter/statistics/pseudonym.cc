// The one file that includes OpenSSL's HMAC (libssl-dev, already linked for TLS).
#include "exporter/statistics/pseudonym.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace five9exp {

std::string HmacSha256Hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // One-shot HMAC: no context to leak the key into, nothing to free.
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  if (result == nullptr) return std::string(64, '0');  // only on allocation failure
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0f];
  }
  return out;
}

std::string AgentPseudonym(std::string_view key, std::string_view username) {
  return HmacSha256Hex(key, username).substr(0, 16);
}

}  // namespace five9exp
