#include "drivers/llm/openai_client.hpp"

#include "drivers/llm/retrying_post.hpp"

namespace aegis::llm {
namespace {

using copilot::ProviderError;
using copilot::TranscriptEntry;

nlohmann::json as_text(const nlohmann::json& value) { return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

void add_messages(nlohmann::json& messages, const TranscriptEntry& entry) {
  switch (entry.kind) {
    case TranscriptEntry::Kind::user_text: messages.push_back({{"role", "user"}, {"content", entry.text}}); return;
    case TranscriptEntry::Kind::model_text: messages.push_back({{"role", "assistant"}, {"content", entry.text}}); return;
    case TranscriptEntry::Kind::model_calls: {
      if (!entry.provider_message.is_null()) {
        messages.push_back(entry.provider_message);
        return;
      }
      nlohmann::json calls = nlohmann::json::array();
      for (const auto& call : entry.calls) {
        calls.push_back({{"id", call.id},
                         {"type", "function"},
                         {"function", {{"name", call.name}, {"arguments", as_text(call.arguments)}}}});
      }
      messages.push_back({{"role", "assistant"}, {"content", nullptr}, {"tool_calls", calls}});
      return;
    }
    case TranscriptEntry::Kind::tool_results:
      for (const auto& result : entry.results) {
        messages.push_back({{"role", "tool"}, {"tool_call_id", result.call_id}, {"content", as_text(result.to_json())}});
      }
      return;
  }
}

}  // namespace

OpenAiClient::OpenAiClient(LlmSettings settings) : settings_(std::move(settings)) {
  const auto endpoint = parse_endpoint(settings_.base_url);
  if (!endpoint) {
    throw ProviderError(ProviderError::Kind::not_configured,
                        "copilot.openai_base_url is not an http(s) URL: " + settings_.base_url);
  }
  endpoint_ = *endpoint;
}

nlohmann::json OpenAiClient::request_body(const std::string& model, const copilot::ModelPrompt& prompt) {
  nlohmann::json tools = nlohmann::json::array();
  for (const auto& tool : prompt.tools) {
    tools.push_back({{"type", "function"},
                     {"function", {{"name", tool.name}, {"description", tool.description}, {"parameters", tool.parameters}}}});
  }
  nlohmann::json messages = nlohmann::json::array({{{"role", "system"}, {"content", prompt.system_instruction}}});
  for (const auto& entry : prompt.transcript) add_messages(messages, entry);
  return {{"model", model}, {"messages", messages}, {"tools", tools}, {"tool_choice", "auto"}, {"temperature", 0.2}};
}

copilot::ModelTurn OpenAiClient::parse_response(const nlohmann::json& response) {
  const auto choices = response.find("choices");
  if (choices == response.end() || !choices->is_array() || choices->empty() || !choices->front().is_object() ||
      !choices->front().contains("message") || !choices->front()["message"].is_object()) {
    throw ProviderError(ProviderError::Kind::upstream, "The OpenAI-compatible server answered without a message");
  }
  const auto& message = choices->front()["message"];
  copilot::ModelTurn turn;
  if (message.contains("content") && message["content"].is_string()) turn.text = message["content"].get<std::string>();
  turn.provider_message = message;
  turn.provider_message["role"] = "assistant";
  if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
    auto& echoed = turn.provider_message["tool_calls"];
    for (std::size_t i = 0; i < echoed.size(); ++i) {
      auto& call = echoed[i];
      if (!call.is_object() || !call.contains("function") || !call["function"].is_object()) continue;
      const auto& function = call["function"];
      nlohmann::json arguments = nlohmann::json::object();
      if (function.contains("arguments")) {
        const auto& raw = function["arguments"];
        // Arguments are a JSON text; some local servers send the object itself.
        arguments = raw.is_string() ? nlohmann::json::parse(raw.get<std::string>(), nullptr, false) : raw;
        if (arguments.is_discarded()) arguments = raw;  // the tool reports the bad arguments
      }
      // Some local servers leave the id out; the tool message must name one.
      if (!call.contains("id") || !call["id"].is_string() || call["id"].get<std::string>().empty()) {
        call["id"] = "call_" + std::to_string(i + 1);
      }
      turn.calls.push_back(
          {.id = call["id"].get<std::string>(), .name = function.value("name", std::string()), .arguments = arguments});
    }
  }
  if (turn.calls.empty()) turn.provider_message = nullptr;
  return turn;
}

copilot::ModelTurn OpenAiClient::complete(const copilot::ModelPrompt& prompt) {
  std::map<std::string, std::string> headers;
  if (!settings_.api_key.empty()) headers["Authorization"] = "Bearer " + settings_.api_key;
  return parse_response(post_with_retries("The OpenAI-compatible server", settings_, endpoint_,
                                          endpoint_.base_path + "/chat/completions", request_body(settings_.model, prompt),
                                          headers));
}

}  // namespace aegis::llm
