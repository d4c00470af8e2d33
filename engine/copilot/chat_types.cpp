#include "engine/copilot/chat_types.hpp"

namespace aegis::copilot {
namespace {

constexpr std::size_t kStepOutputBytes = 500;

// At most `limit` bytes, never ending inside a UTF-8 sequence.
std::string cut_utf8(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

nlohmann::json ToolResult::to_json() const {
  nlohmann::json json{{"tool_name", tool_name}, {"success", success}};
  if (success) {
    json["result"] = result;
  } else {
    json["error"] = error;
  }
  return json;
}

nlohmann::json ChatReply::intermediate_steps() const {
  nlohmann::json steps = nlohmann::json::array();
  for (std::size_t i = 0; i < tool_calls.size(); ++i) {
    std::string output;
    if (i < tool_results.size()) {
      const auto& outcome = tool_results[i];
      output = outcome.success ? outcome.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                               : outcome.error;
    }
    steps.push_back({{"tool", tool_calls[i].name},
                     {"tool_input", tool_calls[i].arguments},
                     {"output", cut_utf8(std::move(output), kStepOutputBytes)}});
  }
  return steps;
}

}  // namespace aegis::copilot
