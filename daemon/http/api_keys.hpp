#pragma once
// API keys and their scopes, from auth.api_keys ("KEY:SCOPE"). Keys are
// compared in constant time so response timing reveals nothing of them.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/http/router.hpp"

namespace aegis::http {

class ApiKeys {
 public:
  ApiKeys() = default;
  // Entries were validated by the configuration loader.
  explicit ApiKeys(const std::vector<std::string>& entries);

  bool enabled() const { return !keys_.empty(); }

  struct Match {
    std::size_t index;  // the key's place in the configuration: names it without repeating it
    Scope scope;
  };
  // The configured key equal to `presented`, or nullopt when it is unknown.
  std::optional<Match> match(const std::string& presented) const;

 private:
  std::vector<std::pair<std::string, Scope>> keys_;
};

}  // namespace aegis::http
