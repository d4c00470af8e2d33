#include "daemon/copilot/copilot_service.hpp"

#include "drivers/llm/gemini_client.hpp"
#include "drivers/llm/openai_client.hpp"
#include "engine/copilot/function_calling_loop.hpp"
#include "engine/copilot/offline_copilot.hpp"

namespace aegis::copilot {
namespace {

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

llm::LlmSettings settings_for(const config::CopilotConfig& config, const std::string& provider, std::stop_token stop) {
  llm::LlmSettings settings;
  const bool gemini = provider == "gemini";
  settings.base_url = gemini ? config.base_url : config.openai_base_url;
  settings.model = gemini ? config.model : config.openai_model;
  settings.api_key = gemini ? config.api_key : config.openai_api_key;
  settings.timeout = to_ms(config.timeout_s);
  settings.retries = static_cast<int>(config.retries);
  settings.backoff_base = std::chrono::milliseconds(config.retry_backoff_ms);
  settings.backoff_cap = settings.backoff_base * 16;
  settings.stop = std::move(stop);
  return settings;
}

}  // namespace

std::string resolved_provider(const config::CopilotConfig& config) {
  if (config.provider == "auto") return config.api_key.empty() ? kOfflineProvider : "gemini";
  return config.provider;
}

void CopilotService::check_configured() const {
  if (resolved_provider(config_) == "gemini" && config_.api_key.empty()) {
    throw ProviderError(ProviderError::Kind::not_configured, "GEMINI_API_KEY not configured");
  }
}

ChatReply CopilotService::ask_model(const Conversation& conversation, std::stop_token stop) {
  const auto provider = resolved_provider(config_);
  if (provider == kOfflineProvider) return answer_offline(tools_, conversation);
  const auto settings = settings_for(config_, provider, std::move(stop));
  const int rounds = static_cast<int>(config_.max_tool_rounds);
  ChatReply reply;
  if (provider == "gemini") {
    llm::GeminiClient client(settings);
    reply = converse(client, tools_, conversation, rounds);
  } else {
    llm::OpenAiClient client(settings);
    reply = converse(client, tools_, conversation, rounds);
  }
  reply.provider = provider;
  return reply;
}

ChatOutcome CopilotService::chat(const ChatRequest& request, std::stop_token stop) {
  if (stop.stop_requested()) throw ProviderError(ProviderError::Kind::stopping, "The copilot is shutting down");
  ChatOutcome outcome;
  outcome.session_id = request.session_id.value_or(SessionStore::new_session_id());
  const auto stored = sessions_.history(outcome.session_id);
  auto fresh = unseen_messages(stored, request.messages);
  Conversation conversation{stored, request.context};
  conversation.messages.insert(conversation.messages.end(), fresh.begin(), fresh.end());
  outcome.reply = ask_model(conversation, std::move(stop));
  fresh.push_back({"assistant", outcome.reply.reply});
  sessions_.append(outcome.session_id, fresh);
  return outcome;
}

}  // namespace aegis::copilot
