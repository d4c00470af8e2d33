#include <catch2/catch.hpp>

#include "daemon/http/dispatcher.hpp"
#include "daemon/http/http_server.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis::http;
using aegis::test::HttpClient;
using namespace std::chrono_literals;

namespace {

// A server whose clients may make two requests, then one every 100 s.
struct LimitedServer {
  explicit LimitedServer(std::vector<std::string> keys) {
    router.add(Verb::get, "/ping", Scope::read, [](const ApiRequest&) { return ApiResponse::ok("pong"); });
    router.add(Verb::get, "/health", Scope::none, [](const ApiRequest&) { return ApiResponse::ok("healthy"); });
    metrics = std::make_shared<RequestMetrics>();
    dispatcher = std::make_unique<Dispatcher>(
        router, ApiKeys(keys),
        DispatcherOptions{.metrics = metrics, .rate_limiter = std::make_shared<RateLimiter>(0.01, 2)});
    ServerOptions options;
    options.port = 0;
    server = std::make_unique<HttpServer>(options, *dispatcher);
    server->start();
  }
  unsigned short port() const { return server->port(); }

  Router router;
  std::shared_ptr<RequestMetrics> metrics;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> server;
};

}  // namespace

TEST_CASE("Rate limit: 429 with Retry-After once a client has used its burst, and /health is never limited",
          "[http]") {
  LimitedServer s({});
  HttpClient client(s.port());
  CHECK(client.get("/ping").status == 200);
  CHECK(client.get("/ping").status == 200);
  const auto limited = client.get("/ping");
  CHECK(limited.status == 429);
  // 100 s for the next token, less the moments the first two requests took.
  const std::string retry_after = limited.header("Retry-After");
  CHECK((retry_after == "100" || retry_after == "99"));
  CHECK(limited.json()["error"] ==
        "Rate limit exceeded: at most 0.01 requests/s (bursts of 2) per client; retry in " + retry_after + " s");
  CHECK(limited.json()["data"].is_null());
  // Another connection from the same address is the same client.
  CHECK(HttpClient(s.port()).get("/ping").status == 429);
  for (int i = 0; i < 5; ++i) CHECK(client.get("/health").status == 200);
}

TEST_CASE("Rate limit: each valid API key has its own allowance, wrong keys spend their address's", "[http]") {
  LimitedServer s({"reader-key-0001:read", "reader-key-0002:read", "reader-key-0003:read"});
  HttpClient client(s.port());
  const std::map<std::string, std::string> first{{"X-API-Key", "reader-key-0001"}};
  const std::map<std::string, std::string> second{{"Authorization", "Bearer reader-key-0002"}};
  const std::map<std::string, std::string> wrong{{"X-API-Key", "guessed-key-001"}};
  CHECK(client.request(Verb::get, "/ping", "", first).status == 200);
  CHECK(client.request(Verb::get, "/ping", "", first).status == 200);
  CHECK(client.request(Verb::get, "/ping", "", first).status == 429);
  CHECK(client.request(Verb::get, "/ping", "", second).status == 200);
  CHECK(client.request(Verb::get, "/ping", "", second).status == 200);
  CHECK(client.request(Verb::get, "/ping", "", second).status == 429);
  // Guessing keys spends the address's allowance (valid keys did not):
  // two answers, then 429 whatever key comes, so a right guess tells nothing.
  CHECK(client.request(Verb::get, "/ping", "", wrong).status == 401);
  CHECK(client.get("/ping").status == 401);
  CHECK(client.request(Verb::get, "/ping", "", wrong).status == 429);
  CHECK(client.request(Verb::get, "/ping", "", {{"X-API-Key", "reader-key-0003"}}).status == 429);

  aegis::metrics::PrometheusText out;
  s.metrics->write(out);
  CHECK_THAT(out.text(), Catch::Contains("aegis_http_requests_total{method=\"GET\",route=\"/ping\",status=\"429\"} 4\n"));
}
