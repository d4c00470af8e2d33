#pragma once
// POSTs JSON to a model API and returns the parsed answer of a 2xx reply.
// 429 and 5xx are tried again after a capped, jittered backoff, at most
// settings.retries times; any other status, or the last refusal, becomes
// ProviderError(upstream) with the provider's own message.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "drivers/llm/llm_endpoint.hpp"
#include "drivers/llm/llm_settings.hpp"

namespace aegis::llm {

nlohmann::json post_with_retries(const std::string& provider, const LlmSettings& settings,
                                 const LlmEndpoint& endpoint, const std::string& target, const nlohmann::json& body,
                                 const std::map<std::string, std::string>& headers);

}  // namespace aegis::llm
