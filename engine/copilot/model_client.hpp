#pragma once
// What the function-calling loop needs of a language model, whatever its
// wire format: given the rules, the tools and the transcript so far, the
// model answers with text or with tool calls. Implementations live in
// drivers/llm (Gemini, OpenAI-compatible servers).
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/copilot/chat_types.hpp"
#include "engine/copilot/copilot_tools.hpp"

namespace aegis::copilot {

// One step of the transcript: an operator or copilot message, the tool calls
// the model asked for, or what those calls returned.
struct TranscriptEntry {
  enum class Kind { user_text, model_text, model_calls, tool_results };
  Kind kind = Kind::user_text;
  std::string text;
  std::vector<ToolCall> calls;
  std::vector<ToolResult> results;
  // A model_calls entry as the provider sent it (Gemini's thought
  // signatures must come back verbatim); null when made here.
  nlohmann::json provider_message;
};

struct ModelPrompt {
  std::string system_instruction;
  const std::vector<ToolDeclaration>& tools;
  const std::vector<TranscriptEntry>& transcript;
};

// The model's answer: tool calls to make, or (when there are none) text.
struct ModelTurn {
  std::string text;
  std::vector<ToolCall> calls;
  nlohmann::json provider_message;  // the provider's message, to send back with the results
};

// Why a provider gave no answer. The API reports not_configured as 503,
// upstream as 502, timeout as 504 and stopping as 503.
class ProviderError : public std::runtime_error {
 public:
  enum class Kind { not_configured, upstream, timeout, stopping };
  ProviderError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class ModelClient {
 public:
  virtual ~ModelClient() = default;
  // Throws ProviderError.
  virtual ModelTurn complete(const ModelPrompt& prompt) = 0;
};

}  // namespace aegis::copilot
