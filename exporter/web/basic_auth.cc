#include "exporter/web/basic_auth.h"

#include <crypt.h>
#include <openssl/evp.h>

#include <memory>

#include "exporter/common/strings.h"
#include "exporter/web/auth.h"
#include "exporter/web/http_message.h"

namespace five9exp {
namespace {

// A valid cost-10 bcrypt hash of a random string, for users that do not exist.
constexpr const char* kDummyHash = "$2y$10$U3HASCPO5C.Y6NTRf/5g9OSKXIOkElCbSIKKLatHlxUaPuMFmpko6";

bool BcryptMatches(const std::string& password, const std::string& hash) {
  // crypt_data is 32 KiB: too big for a worker thread's stack frame.
  auto data = std::make_unique<crypt_data>();
  const char* computed = crypt_r(password.c_str(), hash.c_str(), data.get());
  // crypt_r answers "*0"/"*1" (or null) for an unusable setting; those never equal a hash.
  if (computed == nullptr || computed[0] == '*') return false;
  return ConstantTimeEquals(computed, hash);
}

}  // namespace

bool DecodeBase64(std::string_view in, std::string* out) {
  if (in.size() % 4 != 0 || in.size() > 16 * 1024) return false;
  size_t padding = 0;
  while (padding < 2 && padding < in.size() && in[in.size() - 1 - padding] == '=') ++padding;
  // '=' only at the end; EVP_DecodeBlock would also accept it inside and skip blanks.
  if (in.substr(0, in.size() - padding).find_first_of("= \t\r\n") != std::string_view::npos) {
    return false;
  }
  out->assign(in.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out->data()),
                                     reinterpret_cast<const unsigned char*>(in.data()),
                                     static_cast<int>(in.size()));
  if (length < 0) return false;
  out->resize(static_cast<size_t>(length) - padding);
  return true;
}

bool BasicAuthenticator::Check(const std::map<std::string, std::string>& users,
                               std::string_view header) {
  constexpr std::string_view kScheme = "Basic ";
  header = TrimAsciiSpace(header);
  if (header.size() <= kScheme.size() ||
      !EqualsIgnoreCase(header.substr(0, kScheme.size()), kScheme)) {
    return false;
  }
  const std::string_view encoded = TrimAsciiSpace(header.substr(kScheme.size()));
  std::string decoded;
  if (!DecodeBase64(encoded, &decoded)) return false;
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  const std::string user = decoded.substr(0, colon);
  const std::string password = decoded.substr(colon + 1);

  const auto it = users.find(user);
  const std::string& hash = it == users.end() ? std::string(kDummyHash) : it->second;
  Digest digest{};
  {
    // user, password and hash, each length-prefixed so no two triples collide.
    std::string material;
    for (const std::string* part : {&user, &password, &hash}) {
      material += std::to_string(part->size()) + ":" + *part;
    }
    unsigned int length = 0;
    EVP_Digest(material.data(), material.size(), digest.data(), &length, EVP_sha256(), nullptr);
    OPENSSL_cleanse(material.data(), material.size());
  }
  const SteadyTime now = clock_.SteadyNow();
  if (it != users.end()) {
    std::lock_guard lock(mutex_);
    const auto cached = cache_.find(digest);
    if (cached != cache_.end()) {
      if (cached->second > now) return true;
      cache_.erase(cached);
    }
    ++bcrypt_runs_;
  }
  const bool ok = BcryptMatches(password, hash) && it != users.end();
  if (!ok) return false;
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCacheEntries) {
    for (auto entry = cache_.begin(); entry != cache_.end();) {
      entry = entry->second <= now ? cache_.erase(entry) : std::next(entry);
    }
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
  }
  cache_[digest] = now + kSuccessCacheTtl;
  return true;
}

uint64_t BasicAuthenticator::bcrypt_runs() const {
  std::lock_guard lock(mutex_);
  return bcrypt_runs_;
}

}  // namespace five9exp
