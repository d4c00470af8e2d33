#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "daemon/http/dispatcher.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/http/request_metrics.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis::http;
using aegis::metrics::PrometheusText;
using aegis::test::HttpClient;
using namespace std::chrono_literals;

namespace {

std::string written(const RequestMetrics& metrics) {
  PrometheusText out;
  metrics.write(out);
  return out.text();
}

// The lines of `text` that start with `prefix`, in order.
std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> found;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    if (line.starts_with(prefix)) found.push_back(line);
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return found;
}

}  // namespace

TEST_CASE("Request metrics count by method, route and status, and put each latency in its bucket", "[metrics]") {
  RequestMetrics metrics;
  metrics.record("GET", "/health", 200, 300us);
  metrics.record("GET", "/health", 200, 4ms);
  metrics.record("GET", "/health", 503, 90s);  // above the last bound
  metrics.record("POST", "/telemetry", 400, 2ms);
  const std::string text = written(metrics);
  CHECK(lines_starting(text, "aegis_http_requests_total{") ==
        std::vector<std::string>{
            "aegis_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 2",
            "aegis_http_requests_total{method=\"GET\",route=\"/health\",status=\"503\"} 1",
            "aegis_http_requests_total{method=\"POST\",route=\"/telemetry\",status=\"400\"} 1",
        });
  const auto health = lines_starting(text, "aegis_http_request_duration_seconds_bucket{method=\"GET\"");
  REQUIRE(health.size() == RequestMetrics::kLatencyBounds.size() + 1);
  CHECK(health[0] == "aegis_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health\",le=\"0.001\"} 1");
  CHECK(health[2] == "aegis_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health\",le=\"0.005\"} 2");
  CHECK(health[13] == "aegis_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health\",le=\"60\"} 2");
  CHECK(health[14] == "aegis_http_request_duration_seconds_bucket{method=\"GET\",route=\"/health\",le=\"+Inf\"} 3");
  CHECK(lines_starting(text, "aegis_http_request_duration_seconds_sum{method=\"GET\"") ==
        std::vector<std::string>{"aegis_http_request_duration_seconds_sum{method=\"GET\",route=\"/health\"} 90.0043"});
  CHECK(lines_starting(text, "aegis_http_request_duration_seconds_count{method=\"POST\"") ==
        std::vector<std::string>{
            "aegis_http_request_duration_seconds_count{method=\"POST\",route=\"/telemetry\"} 1"});
}

TEST_CASE("Request metrics lose no request recorded from several threads at once", "[metrics]") {
  RequestMetrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < 2500; ++i) metrics.record("GET", t % 2 ? "/a" : "/b", 200, 1ms);
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = written(metrics);
  CHECK(lines_starting(text, "aegis_http_requests_total{") ==
        std::vector<std::string>{"aegis_http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 5000",
                                 "aegis_http_requests_total{method=\"GET\",route=\"/b\",status=\"200\"} 5000"});
}

TEST_CASE("Over real HTTP, every answer is counted under its route pattern, refusals under 'unread'", "[metrics]") {
  Router router;
  router.add(Verb::get, "/units/{product_id}/{unit_id}", Scope::read,
             [](const ApiRequest&) { return ApiResponse::ok("unit"); });
  router.add(Verb::post, "/echo", Scope::none, [](const ApiRequest& r) { return ApiResponse::ok(r.json); });
  std::promise<Responder> deferred;
  router.add_deferred(Verb::post, "/later", Scope::none,
                      [&deferred](const ApiRequest&, Responder respond) { deferred.set_value(std::move(respond)); });
  auto metrics = std::make_shared<RequestMetrics>();
  Dispatcher dispatcher(router, ApiKeys(std::vector<std::string>{"metrics-key-0001:read"}), {.metrics = metrics});
  ServerOptions options;
  options.port = 0;
  options.body_limit_bytes = 64;
  HttpServer server(options, dispatcher);
  server.start();

  HttpClient client(server.port());
  const std::map<std::string, std::string> key{{"X-API-Key", "metrics-key-0001"}};
  CHECK(client.request(Verb::get, "/units/P1/U1", "", key).status == 200);
  CHECK(client.request(Verb::get, "/units/P2/U9", "", key).status == 200);
  CHECK(client.get("/units/P1/U1").status == 401);
  CHECK(client.get("/nowhere/at/all").status == 404);
  CHECK(client.request(Verb::delete_, "/echo").status == 405);
  CHECK(client.post("/echo", "{not json").status == 400);
  HttpClient waiting(server.port());
  waiting.send_post("/later", "{}");
  auto respond = deferred.get_future().get();
  respond(ApiResponse::ok("late"));  // counted as it is answered, from this thread
  CHECK(client.request(Verb::get, "/units/P1/U1", "", key).status == 200);
  HttpClient too_large(server.port());
  CHECK(too_large.post("/echo", std::string(100, ' ')).status == 413);
  HttpClient odd_method(server.port());
  CHECK(odd_method.raw("PROPFIND /echo HTTP/1.1\r\nHost: x\r\n\r\n").status == 405);
  CHECK(client.request(Verb::options, "/echo", "", {{"Origin", "http://panel.local"}}).status == 204);

  const std::string text = written(*metrics);
  CHECK(lines_starting(text, "aegis_http_requests_total{") ==
        std::vector<std::string>{
            "aegis_http_requests_total{method=\"DELETE\",route=\"unmatched\",status=\"405\"} 1",
            "aegis_http_requests_total{method=\"GET\",route=\"/units/{product_id}/{unit_id}\",status=\"200\"} 3",
            "aegis_http_requests_total{method=\"GET\",route=\"/units/{product_id}/{unit_id}\",status=\"401\"} 1",
            "aegis_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1",
            "aegis_http_requests_total{method=\"OPTIONS\",route=\"preflight\",status=\"204\"} 1",
            "aegis_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"405\"} 1",
            "aegis_http_requests_total{method=\"OTHER\",route=\"unread\",status=\"413\"} 1",
            "aegis_http_requests_total{method=\"POST\",route=\"/echo\",status=\"400\"} 1",
            "aegis_http_requests_total{method=\"POST\",route=\"/later\",status=\"200\"} 1",
        });
  // A refusal has no latency: it is counted, not timed.
  CHECK(lines_starting(text, "aegis_http_request_duration_seconds_count{method=\"OTHER\",route=\"unread\"").empty());
  CHECK(lines_starting(text, "aegis_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\"}") ==
        std::vector<std::string>{
            "aegis_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\"} 1"});
  server.stop(1s);
}
