#include "drivers/llm/llm_endpoint.hpp"

namespace aegis::llm {

std::optional<LlmEndpoint> parse_endpoint(const std::string& base_url) {
  LlmEndpoint endpoint;
  std::string rest;
  if (base_url.rfind("https://", 0) == 0) {
    rest = base_url.substr(8);
  } else if (base_url.rfind("http://", 0) == 0) {
    endpoint.tls = false;
    rest = base_url.substr(7);
  } else {
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  endpoint.base_path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!endpoint.base_path.empty() && endpoint.base_path.back() == '/') endpoint.base_path.pop_back();
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    endpoint.port = authority.substr(colon + 1);
    authority.resize(colon);
  } else {
    endpoint.port = endpoint.tls ? "443" : "80";
  }
  if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']') {
    authority = authority.substr(1, authority.size() - 2);
  }
  if (authority.empty() || endpoint.port.empty() ||
      endpoint.port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  endpoint.host = authority;
  return endpoint;
}

}  // namespace aegis::llm
