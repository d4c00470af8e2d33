#pragma once
// Where a language model's API lives: parsed from a configured base URL
// such as https://generativelanguage.googleapis.com or
// http://127.0.0.1:11434/v1 (plain HTTP for servers on the gateway itself).
#include <optional>
#include <string>

namespace aegis::llm {

struct LlmEndpoint {
  bool tls = true;
  std::string host;
  std::string port;  // "443", "80" or the URL's
  std::string base_path;  // without the trailing slash; "" for the root

  // host:port, for messages.
  std::string authority() const { return host + ":" + port; }
};

// nullopt unless the URL is http:// or https:// with a host.
std::optional<LlmEndpoint> parse_endpoint(const std::string& base_url);

}  // namespace aegis::llm
