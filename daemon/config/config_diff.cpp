#include "daemon/config/config_diff.hpp"

#include <variant>

#include "daemon/config/config_fields.hpp"

namespace aegis::config {

std::vector<std::string> changed_keys(const Config& before, const Config& after) {
  Config a = before;
  Config b = after;
  std::vector<std::string> changed;
  for (const Field& field : config_fields()) {
    const bool differs = std::visit([&](auto member) { return member(a) != member(b); }, field.member);
    if (differs) changed.push_back(field.key);
  }
  if (before.profiles != after.profiles) changed.push_back("profiles");
  return changed;
}

}  // namespace aegis::config
