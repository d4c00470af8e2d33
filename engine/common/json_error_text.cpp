#include "engine/common/json_error_text.hpp"

#include <string_view>

namespace aegis::json_text {

std::string without_tag(const nlohmann::json::exception& error) {
  std::string_view message = error.what();
  if (message.starts_with("[json.exception.")) {
    if (const auto end = message.find("] "); end != std::string_view::npos) message.remove_prefix(end + 2);
  }
  return std::string(message);
}

}  // namespace aegis::json_text
