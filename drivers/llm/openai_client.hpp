#pragma once
// An OpenAI-compatible /chat/completions endpoint with tools and
// tool_calls: a local LLM server on the gateway (llama.cpp server, Ollama)
// or any service speaking the same JSON.
#include "drivers/llm/llm_endpoint.hpp"
#include "drivers/llm/llm_settings.hpp"
#include "engine/copilot/model_client.hpp"

namespace aegis::llm {

class OpenAiClient : public copilot::ModelClient {
 public:
  // Throws ProviderError(not_configured) for a bad URL.
  explicit OpenAiClient(LlmSettings settings);
  copilot::ModelTurn complete(const copilot::ModelPrompt& prompt) override;

  static nlohmann::json request_body(const std::string& model, const copilot::ModelPrompt& prompt);
  static copilot::ModelTurn parse_response(const nlohmann::json& response);

 private:
  LlmSettings settings_;
  LlmEndpoint endpoint_;
};

}  // namespace aegis::llm
