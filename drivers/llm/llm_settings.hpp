#pragma once
// How to reach one language model: where, which model, the key, the time
// one call may take and how often a refused call (429, 5xx) is tried again.
#include <chrono>
#include <stop_token>
#include <string>

namespace aegis::llm {

struct LlmSettings {
  std::string base_url;
  std::string model;
  std::string api_key;  // may be empty for a local server
  std::chrono::milliseconds timeout{30000};
  int retries = 2;
  std::chrono::milliseconds backoff_base{500};
  std::chrono::milliseconds backoff_cap{8000};
  std::stop_token stop;  // the worker's: set when the daemon stops
};

}  // namespace aegis::llm
