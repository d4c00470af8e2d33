#include "drivers/llm/retrying_post.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

#include "drivers/llm/llm_http.hpp"
#include "drivers/mqtt/backoff.hpp"
#include "engine/copilot/model_client.hpp"

namespace aegis::llm {
namespace {

using copilot::ProviderError;

bool worth_retrying(int status) { return status == 429 || status >= 500; }

// The provider's explanation: error.message in both Gemini's and OpenAI's
// error bodies, else the start of the body.
std::string provider_message(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("error")) {
    const auto& error = json["error"];
    if (error.is_object() && error.contains("message") && error["message"].is_string()) {
      return error["message"].get<std::string>();
    }
    if (error.is_string()) return error.get<std::string>();
  }
  return body.substr(0, 200);
}

// Sleeps, or returns early when the daemon stops.
void pause(std::chrono::milliseconds delay, const std::stop_token& stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  wake.wait_for(lock, stop, delay, [] { return false; });
}

}  // namespace

nlohmann::json post_with_retries(const std::string& provider, const LlmSettings& settings,
                                 const LlmEndpoint& endpoint, const std::string& target, const nlohmann::json& body,
                                 const std::map<std::string, std::string>& headers) {
  const std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  mqtt::Backoff backoff(settings.backoff_base, settings.backoff_cap);
  for (int attempt = 0;; ++attempt) {
    const auto answer = post_json(endpoint, target, text, headers, settings.timeout, settings.stop);
    if (answer.status >= 200 && answer.status < 300) {
      auto json = nlohmann::json::parse(answer.body, nullptr, false);
      if (json.is_discarded() || !json.is_object()) {
        throw ProviderError(ProviderError::Kind::upstream, provider + " answered with a body that is not a JSON object");
      }
      return json;
    }
    const std::string message = provider + " answered HTTP " + std::to_string(answer.status) + ": " +
                                provider_message(answer.body);
    if (!worth_retrying(answer.status) || attempt >= settings.retries) {
      throw ProviderError(ProviderError::Kind::upstream,
                          attempt == 0 ? message : message + " (after " + std::to_string(attempt + 1) + " attempts)");
    }
    const auto delay = backoff.next();
    spdlog::warn("copilot: {}; trying again in {} ms", message, delay.count());
    pause(delay, settings.stop);
    if (settings.stop.stop_requested()) throw ProviderError(ProviderError::Kind::stopping, "The copilot is shutting down");
  }
}

}  // namespace aegis::llm
