#pragma once
// Authenticator: maps an `Authorization: Bearer <token>` header to the configured
// admin token it names, and answers role questions.
//
// Secrets are compared in constant time against every configured token (no early exit,
// no length shortcut) so response timing does not reveal how much of a guess matched.
// Nothing here logs; callers log AdminToken::name only, never the secret.
//
// Thread-safe: tokens are replaced wholesale on reload under a mutex; lookups copy out.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/config/config.h"

namespace five9exp {

// Roles of the SPEC's admin table.
inline constexpr std::string_view kRoleRead = "read";
inline constexpr std::string_view kRoleCampaigns = "campaigns";
inline constexpr std::string_view kRoleChat = "chat";
inline constexpr std::string_view kRoleMonitoring = "monitoring";
inline constexpr std::string_view kRoleSession = "session";

// The caller an authenticated request acts as (a copy: safe across reloads).
struct Principal {
  std::string name;
  std::vector<std::string> roles;
  bool HasRole(std::string_view role) const;
};

// Why authentication failed; both answer 401.
enum class AuthFailure { kMissing, kUnknown };

class Authenticator {
 public:
  explicit Authenticator(std::vector<AdminToken> tokens);

  // Replaces the token set (config reload).
  void SetTokens(std::vector<AdminToken> tokens);

  // Parses the Authorization header value ("Bearer <token>", scheme case-insensitive)
  // and finds its token. Unset optional = success with `*principal` filled.
  std::optional<AuthFailure> Authenticate(std::string_view authorization_header,
                                          Principal* principal) const;

 private:
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::shared_ptr<const std::vector<AdminToken>> tokens_;
};

// Constant-time equality of two byte strings: the time depends only on the longer
// length, never on where they differ. Exposed for tests.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace five9exp
