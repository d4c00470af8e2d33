#include <catch2/catch.hpp>

#include "tests/support/daemon_process.hpp"
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

TEST_CASE("A client that reaches the rate limit is named in the log once, not at every refusal", "[http]") {
  test::DaemonProcess daemon("http:\n  rate_limit_per_s: 0.01\n  rate_limit_burst: 1\n"
                             "auth:\n  api_keys: [\"reader-key-0001:read\", \"reader-key-0002:read\"]\n");
  REQUIRE(daemon.start());
  HttpClient client(daemon.port());
  const std::map<std::string, std::string> second{{"X-API-Key", "reader-key-0002"}};
  CHECK(client.request(boost::beast::http::verb::get, "/units", "", second).status == 200);
  for (int i = 0; i < 3; ++i) CHECK(client.request(boost::beast::http::verb::get, "/units", "", second).status == 429);
  const std::string log = daemon.process().log();
  const std::string line =
      "http: rate limit reached by key #1 (0.01 requests/s, bursts of 1); it gets 429 until it slows down";
  CHECK_THAT(log, Catch::Contains(line));
  CHECK(log.find(line) == log.rfind(line));
  CHECK(log.find("reader-key-0002") == std::string::npos);  // the key itself is never written
}
