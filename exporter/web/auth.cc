#include "exporter/web/auth.h"

#include <algorithm>

#include "exporter/common/strings.h"
#include "exporter/web/http_message.h"

namespace five9exp {

bool Principal::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  const size_t n = std::max(a.size(), b.size());
  // volatile keeps the compiler from turning the loop into an early-exit comparison.
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | (x ^ y);
  }
  return diff == 0;
}

Authenticator::Authenticator(std::vector<AdminToken> tokens) { SetTokens(std::move(tokens)); }

void Authenticator::SetTokens(std::vector<AdminToken> tokens) {
  auto shared = std::make_shared<const std::vector<AdminToken>>(std::move(tokens));
  std::lock_guard lock(mutex_);
  tokens_ = std::move(shared);
}

std::optional<AuthFailure> Authenticator::Authenticate(std::string_view header,
                                                       Principal* principal) const {
  constexpr std::string_view kScheme = "Bearer";
  header = TrimAsciiSpace(header);
  if (header.size() <= kScheme.size() ||
      !EqualsIgnoreCase(header.substr(0, kScheme.size()), kScheme) ||
      header[kScheme.size()] != ' ') {
    return AuthFailure::kMissing;
  }
  const std::string_view presented = TrimAsciiSpace(header.substr(kScheme.size() + 1));
  if (presented.empty()) return AuthFailure::kMissing;

  std::shared_ptr<const std::vector<AdminToken>> tokens;
  {
    std::lock_guard lock(mutex_);
    tokens = tokens_;
  }
  // Compare against every token, without stopping at the first match.
  const AdminToken* found = nullptr;
  for (const AdminToken& token : *tokens) {
    const bool match = !token.secret.empty() && ConstantTimeEquals(presented, token.secret);
    if (match && found == nullptr) found = &token;
  }
  if (found == nullptr) return AuthFailure::kUnknown;
  principal->name = found->name;
  principal->roles = found->roles;
  return std::nullopt;
}

}  // namespace five9exp
