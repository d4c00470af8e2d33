#include "engine/copilot/chat_types.hpp"

namespace aegis::copilot {
namespace {

constexpr std::size_t kStepOutputCharacters = 500;

// The first `limit` characters (UTF-8 code points) of `text`.
std::string first_characters(std::string text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_character && characters++ == limit) {
      text.resize(i);
      break;
    }
  }
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
                     {"output", first_characters(std::move(output), kStepOutputCharacters)}});
  }
  return steps;
}

}  // namespace aegis::copilot
