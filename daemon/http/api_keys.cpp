#include "daemon/http/api_keys.hpp"

#include <openssl/crypto.h>

namespace aegis::http {

ApiKeys::ApiKeys(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const auto colon = entry.rfind(':');
    keys_.emplace_back(entry.substr(0, colon), parse_scope(entry.substr(colon + 1)).value_or(Scope::read));
  }
}

std::optional<ApiKeys::Match> ApiKeys::match(const std::string& presented) const {
  // Every key is compared, found or not, so the time taken says nothing.
  std::optional<Match> found;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const auto& [key, scope] = keys_[i];
    if (key.size() == presented.size() && CRYPTO_memcmp(key.data(), presented.data(), key.size()) == 0) {
      found = Match{i, scope};
    }
  }
  return found;
}

}  // namespace aegis::http
