#include "engine/copilot/chat_types.hpp"

namespace aegis::copilot {

nlohmann::json ToolResult::to_json() const {
  nlohmann::json json{{"tool_name", tool_name}, {"success", success}};
  if (success) {
    json["result"] = result;
  } else {
    json["error"] = error;
  }
  return json;
}

}  // namespace aegis::copilot
