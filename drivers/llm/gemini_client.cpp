#include "drivers/llm/gemini_client.hpp"

#include "drivers/llm/retrying_post.hpp"

namespace aegis::llm {
namespace {

using copilot::ProviderError;
using copilot::TranscriptEntry;

nlohmann::json text_content(const char* role, const std::string& text) {
  return {{"role", role}, {"parts", nlohmann::json::array({{{"text", text}}})}};
}

nlohmann::json content_of(const TranscriptEntry& entry) {
  switch (entry.kind) {
    case TranscriptEntry::Kind::user_text: return text_content("user", entry.text);
    case TranscriptEntry::Kind::model_text: return text_content("model", entry.text);
    case TranscriptEntry::Kind::model_calls: {
      if (!entry.provider_message.is_null()) return entry.provider_message;
      nlohmann::json parts = nlohmann::json::array();
      for (const auto& call : entry.calls) {
        parts.push_back({{"functionCall", {{"name", call.name}, {"args", call.arguments}}}});
      }
      return {{"role", "model"}, {"parts", parts}};
    }
    case TranscriptEntry::Kind::tool_results: {
      nlohmann::json parts = nlohmann::json::array();
      for (const auto& result : entry.results) {
        parts.push_back({{"functionResponse", {{"name", result.tool_name}, {"response", result.to_json()}}}});
      }
      return {{"role", "user"}, {"parts", parts}};
    }
  }
  return nullptr;
}

}  // namespace

GeminiClient::GeminiClient(LlmSettings settings) : settings_(std::move(settings)) {
  if (settings_.api_key.empty()) throw ProviderError(ProviderError::Kind::not_configured, "GEMINI_API_KEY not configured");
  const auto endpoint = parse_endpoint(settings_.base_url);
  if (!endpoint) {
    throw ProviderError(ProviderError::Kind::not_configured, "copilot.base_url is not an http(s) URL: " + settings_.base_url);
  }
  endpoint_ = *endpoint;
}

nlohmann::json GeminiClient::request_body(const copilot::ModelPrompt& prompt) {
  nlohmann::json declarations = nlohmann::json::array();
  for (const auto& tool : prompt.tools) {
    declarations.push_back({{"name", tool.name}, {"description", tool.description}, {"parameters", tool.parameters}});
  }
  nlohmann::json contents = nlohmann::json::array();
  for (const auto& entry : prompt.transcript) contents.push_back(content_of(entry));
  return {{"systemInstruction", {{"parts", nlohmann::json::array({{{"text", prompt.system_instruction}}})}}},
          {"contents", contents},
          {"tools", nlohmann::json::array({{{"functionDeclarations", declarations}}})},
          {"generationConfig", {{"temperature", 0.2}}}};
}

copilot::ModelTurn GeminiClient::parse_response(const nlohmann::json& response) {
  const auto candidates = response.find("candidates");
  if (candidates == response.end() || !candidates->is_array() || candidates->empty()) {
    std::string reason = "no candidates";
    if (const auto feedback = response.find("promptFeedback");
        feedback != response.end() && feedback->is_object() && feedback->contains("blockReason")) {
      reason = "the prompt was blocked (" + (*feedback)["blockReason"].dump() + ")";
    }
    throw ProviderError(ProviderError::Kind::upstream, "Gemini answered with " + reason);
  }
  const auto& candidate = candidates->front();
  copilot::ModelTurn turn;
  const auto content = candidate.find("content");
  if (content == candidate.end() || !content->is_object() || !content->contains("parts") ||
      !(*content)["parts"].is_array()) {
    throw ProviderError(ProviderError::Kind::upstream,
                        "Gemini answered without content (finishReason " + candidate.value("finishReason", std::string("unknown")) + ")");
  }
  for (const auto& part : (*content)["parts"]) {
    if (part.contains("functionCall") && part["functionCall"].is_object()) {
      const auto& call = part["functionCall"];
      turn.calls.push_back({.id = call.value("id", std::string()),
                            .name = call.value("name", std::string()),
                            .arguments = call.contains("args") ? call["args"] : nlohmann::json::object()});
    } else if (part.contains("text") && part["text"].is_string() && !part.value("thought", false)) {
      turn.text += part["text"].get<std::string>();
    }
  }
  if (!turn.calls.empty()) {
    turn.provider_message = *content;
    if (!turn.provider_message.contains("role")) turn.provider_message["role"] = "model";
  }
  return turn;
}

copilot::ModelTurn GeminiClient::complete(const copilot::ModelPrompt& prompt) {
  const std::string target = endpoint_.base_path + "/v1beta/models/" + settings_.model + ":generateContent";
  return parse_response(
      post_with_retries("Gemini", settings_, endpoint_, target, request_body(prompt), {{"x-goog-api-key", settings_.api_key}}));
}

}  // namespace aegis::llm
