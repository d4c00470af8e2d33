#include <catch2/catch.hpp>

#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis;
using test::HttpClient;

TEST_CASE("http.rate_limit_per_s and http.rate_limit_burst limit each client of the gateway", "[http]") {
  test::GatewayFixture gateway(nullptr, [](config::Config& config) {
    config.http.rate_limit_per_s = 0.5;
    config.http.rate_limit_burst = 3;
  });
  HttpClient client(gateway.port());
  for (int i = 0; i < 3; ++i) CHECK(client.get("/units").status == 200);
  const auto limited = client.get("/models");
  CHECK(limited.status == 429);
  // 2 s for the next token, less the moments the first three requests took.
  const std::string retry_after = limited.header("Retry-After");
  CHECK((retry_after == "2" || retry_after == "1"));
  CHECK(limited.json()["error"] ==
        "Rate limit exceeded: at most 0.5 requests/s (bursts of 3) per client; retry in " + retry_after + " s");
  CHECK(client.get("/health").status == 200);
}

TEST_CASE("Without http.rate_limit_per_s nothing is limited", "[http]") {
  test::GatewayFixture gateway(nullptr, nullptr);
  HttpClient client(gateway.port());
  for (int i = 0; i < 200; ++i) REQUIRE(client.get("/units").status == 200);
}
