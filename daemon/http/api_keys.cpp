#include "daemon/http/api_keys.hpp"

#include <openssl/crypto.h>

namespace aegis::http {

ApiKeys::ApiKeys(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const auto colon = entry.rfind(':');
    const std::string scope = entry.substr(colon + 1);
    const Scope level = scope == "admin" ? Scope::admin : scope == "operate" ? Scope::operate : Scope::read;
    keys_.emplace_back(entry.substr(0, colon), level);
  }
}

std::optional<Scope> ApiKeys::scope_of(const std::string& presented) const {
  std::optional<Scope> found;
  for (const auto& [key, scope] : keys_) {
    if (key.size() == presented.size() && CRYPTO_memcmp(key.data(), presented.data(), key.size()) == 0) found = scope;
  }
  return found;
}

}  // namespace aegis::http
