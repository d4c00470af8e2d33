#pragma once
// One HTTP(S) POST of JSON to a language model's API, with a deadline and a
// stop token. TLS verifies the server's certificate against the system's
// trust store and its name, and sends SNI. Runs on a private io_context on
// the caller's thread: the copilot's worker, never an HTTP thread.
#include <chrono>
#include <map>
#include <stop_token>
#include <string>

#include "drivers/llm/llm_endpoint.hpp"

namespace aegis::llm {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// Throws copilot::ProviderError: timeout when the deadline passes, stopping
// when `stop` is requested, upstream when the server cannot be reached or
// speaks no HTTP.
HttpAnswer post_json(const LlmEndpoint& endpoint, const std::string& target, const std::string& body,
                     const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout,
                     std::stop_token stop);

}  // namespace aegis::llm
