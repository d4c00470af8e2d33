#include "engine/telemetry/unit_id_rule.hpp"

#include <algorithm>

namespace aegis::telemetry {

std::optional<std::string> unit_id_problem(std::string_view id) {
  if (id.size() > kMaxUnitIdBytes) return "longer than " + std::to_string(kMaxUnitIdBytes) + " bytes";
  if (id.find('/') != std::string_view::npos) return "contains '/'";
  const bool control = std::any_of(id.begin(), id.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
  if (control) return "contains a control character";
  return std::nullopt;
}

}  // namespace aegis::telemetry
