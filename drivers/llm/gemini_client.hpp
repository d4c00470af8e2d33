#pragma once
// Gemini's generateContent with function calling (Generative Language API):
// the rules as systemInstruction, the tools as functionDeclarations, tool
// results as functionResponse parts.
#include "drivers/llm/llm_endpoint.hpp"
#include "drivers/llm/llm_settings.hpp"
#include "engine/copilot/model_client.hpp"

namespace aegis::llm {

class GeminiClient : public copilot::ModelClient {
 public:
  // Throws ProviderError(not_configured) for a missing key or a bad URL.
  explicit GeminiClient(LlmSettings settings);
  copilot::ModelTurn complete(const copilot::ModelPrompt& prompt) override;

  // The request body for a prompt (exposed for tests of the wire format).
  static nlohmann::json request_body(const copilot::ModelPrompt& prompt);
  // The model's turn in a response body; throws ProviderError(upstream).
  static copilot::ModelTurn parse_response(const nlohmann::json& response);

 private:
  LlmSettings settings_;
  LlmEndpoint endpoint_;
};

}  // namespace aegis::llm
