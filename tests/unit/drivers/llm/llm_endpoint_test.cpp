#include <catch2/catch.hpp>

#include "drivers/llm/llm_endpoint.hpp"

using aegis::llm::parse_endpoint;

TEST_CASE("a model API base URL gives scheme, host, port and path", "[copilot]") {
  auto google = parse_endpoint("https://generativelanguage.googleapis.com");
  REQUIRE(google);
  CHECK(google->tls);
  CHECK(google->host == "generativelanguage.googleapis.com");
  CHECK(google->port == "443");
  CHECK(google->base_path.empty());

  auto ollama = parse_endpoint("http://127.0.0.1:11434/v1/");
  REQUIRE(ollama);
  CHECK_FALSE(ollama->tls);
  CHECK(ollama->host == "127.0.0.1");
  CHECK(ollama->port == "11434");
  CHECK(ollama->base_path == "/v1");
  CHECK(ollama->authority() == "127.0.0.1:11434");

  auto v6 = parse_endpoint("http://[::1]:8081");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "8081");

  CHECK_FALSE(parse_endpoint("ftp://example.com"));
  CHECK_FALSE(parse_endpoint("https://"));
  CHECK_FALSE(parse_endpoint("http://host:port"));
}
