#pragma once
// BasicAuthenticator: checks `Authorization: Basic ...` against the bcrypt hashes of the
// web config file's basic_auth_users (exporter-toolkit semantics).
//
// bcrypt is slow by design (cost 10 is ~70 ms), so a successful check is remembered for
// kSuccessCacheTtl, keyed by a SHA-256 of user, password and hash: a changed hash or
// password misses the cache, and the cache never holds a password. Failures are never
// cached. An unknown user still pays one bcrypt (against a fixed dummy hash) so timing
// does not reveal which users exist; hashes are compared in constant time.
// Verification is libxcrypt's crypt_r (Debian's libcrypt supports $2a$/$2b$/$2y$):
// this file is the only user of libcrypt.
//
// Thread-safe. Time comes from the injected Clock.

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "exporter/common/clock.h"

namespace five9exp {

class BasicAuthenticator {
 public:
  static constexpr std::chrono::seconds kSuccessCacheTtl{60};
  static constexpr size_t kMaxCacheEntries = 1024;

  explicit BasicAuthenticator(Clock& clock) : clock_(clock) {}

  // True when `authorization_header` is "Basic base64(user:password)" and `users`
  // (user -> bcrypt hash) has that user with a hash the password matches.
  bool Check(const std::map<std::string, std::string>& users,
             std::string_view authorization_header);

  // How many bcrypt computations ran (cache misses); for tests of the cache.
  uint64_t bcrypt_runs() const;

 private:
  using Digest = std::array<unsigned char, 32>;

  Clock& clock_;
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::map<Digest, SteadyTime> cache_;  // digest -> expiry
  uint64_t bcrypt_runs_ = 0;
};

// Decodes standard base64 (with padding); false on any invalid input. Exposed for tests.
bool DecodeBase64(std::string_view in, std::string* out);

}  // namespace five9exp
