#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <future>
#include <stop_token>
#include <memory>
#include <thread>

#include "daemon/http/dispatcher.hpp"
#include "daemon/http/http_server.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis::http;
using aegis::test::HttpClient;
using namespace std::chrono_literals;
namespace beast_http = boost::beast::http;

namespace {

// A server with a few routes that exercise each path of the dispatcher.
struct TestServer {
  explicit TestServer(ServerOptions options = {}, std::vector<std::string> keys = {},
                      std::vector<std::string> cors = {}) {
    router.add(Verb::get, "/ping", Scope::read, [](const ApiRequest& r) {
      return ApiResponse::ok({{"pong", true}, {"query", r.query}});
    });
    router.add(Verb::post, "/echo", Scope::operate, [](const ApiRequest& r) { return ApiResponse::ok(r.json); });
    router.add(Verb::get, "/units/{product_id}/{unit_id}", Scope::read, [](const ApiRequest& r) {
      return ApiResponse::ok({{"product_id", r.path_params.at("product_id")}, {"unit_id", r.path_params.at("unit_id")}});
    });
    router.add(Verb::post, "/admin-only", Scope::admin, [](const ApiRequest&) { return ApiResponse::ok("done"); });
    router.add(Verb::get, "/client-error", Scope::none, [](const ApiRequest&) -> ApiResponse {
      throw ApiError(Status::not_found, "No telemetry found for product_id=P, unit_id=U");
    });
    router.add(Verb::get, "/bug", Scope::none, [](const ApiRequest&) -> ApiResponse {
      throw std::runtime_error("secret internal detail");
    });
    router.add(Verb::get, "/slow", Scope::none, [this](const ApiRequest&) {
      slow_started.set_value();
      std::this_thread::sleep_for(400ms);
      return ApiResponse::ok("finished");
    });
    // Answered by the test, from its own thread, through the responder.
    router.add_deferred(Verb::post, "/deferred", Scope::none, [this](ApiRequest r, Responder respond) {
      deferred.set_value({std::move(respond), r.client_gone});
    });
    // Breaks the deferred contract: answers twice, from two threads.
    router.add_deferred(Verb::post, "/answers-twice", Scope::none, [](const ApiRequest&, const Responder& respond) {
      std::thread([respond] {
        respond(ApiResponse::ok("first"));
        respond(ApiResponse::ok("second"));
      }).detach();
    });
    dispatcher = std::make_unique<Dispatcher>(router, ApiKeys(keys), DispatcherOptions{.cors_origins = cors});
    options.port = 0;
    server = std::make_unique<HttpServer>(options, *dispatcher);
    server->start();
  }
  unsigned short port() const { return server->port(); }

  struct Deferred {
    Responder respond;
    std::stop_token client_gone;
  };

  Router router;
  std::promise<void> slow_started;
  std::promise<Deferred> deferred;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> server;
};

// True once stop is requested on `token`, within `wait`.
bool stop_requested_within(const std::stop_token& token, std::chrono::milliseconds wait) {
  std::promise<void> requested;
  auto seen = requested.get_future();
  std::stop_callback on_stop(token, [&requested] { requested.set_value(); });
  return seen.wait_for(wait) == std::future_status::ready;
}

}  // namespace

TEST_CASE("Responses carry the JSON envelope with data or error", "[http]") {
  TestServer s;
  HttpClient client(s.port());
  auto ok = client.get("/ping?unit=U%201&x=a+b");
  CHECK(ok.status == 200);
  CHECK(ok.header("Content-Type") == "application/json");
  CHECK(ok.json() == nlohmann::json::parse(R"({"data":{"pong":true,"query":{"unit":"U 1","x":"a b"}},"error":null})"));

  auto params = client.get("/units/L47181/UNIT_7");
  CHECK(params.json()["data"] == nlohmann::json{{"product_id", "L47181"}, {"unit_id", "UNIT_7"}});

  auto echo = client.post("/echo", R"({"a":[1,2.5,"x"]})");
  CHECK(echo.status == 200);
  CHECK(echo.json() == nlohmann::json::parse(R"({"data":{"a":[1,2.5,"x"]},"error":null})"));

  auto handler_error = client.get("/client-error");
  CHECK(handler_error.status == 404);
  CHECK(handler_error.json() ==
        nlohmann::json::parse(R"({"data":null,"error":"No telemetry found for product_id=P, unit_id=U"})"));
}

TEST_CASE("Each class of client error gets its status and message", "[http]") {
  TestServer s(ServerOptions{.body_limit_bytes = 2048});
  HttpClient client(s.port());

  auto unknown = client.get("/nope");
  CHECK(unknown.status == 404);
  CHECK(unknown.json()["error"] == "Not found: /nope");
  CHECK(unknown.json()["data"].is_null());

  auto wrong_method = client.request(Verb::delete_, "/ping");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.header("Allow") == "GET");
  CHECK(wrong_method.json()["error"] == "Method DELETE not allowed for /ping (allowed: GET)");

  auto not_json = client.request(Verb::post, "/echo", "a=1", {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(not_json.status == 415);
  CHECK(not_json.json()["error"] == "Content-Type must be application/json, got 'application/x-www-form-urlencoded'");

  auto malformed = client.post("/echo", R"({"a": )");
  CHECK(malformed.status == 400);
  CHECK_THAT(malformed.json()["error"].get<std::string>(), Catch::StartsWith("Malformed JSON body: syntax error"));

  // A number beyond a double is refused like a syntax error, wherever it is,
  // and the server goes on.
  for (const char* body : {R"({"a": 1e400})", R"({"zzz": [-1e309]})"}) {
    auto overflow = client.post("/echo", body);
    CHECK(overflow.status == 400);
    CHECK_THAT(overflow.json()["error"].get<std::string>(),
               Catch::StartsWith("Malformed JSON body: number overflow parsing '"));
  }
  CHECK(client.get("/ping").status == 200);
  auto nan = client.post("/echo", R"([{"torque_Nm": NaN}])");
  CHECK(nan.status == 400);
  CHECK_THAT(nan.json()["error"].get<std::string>(),
             Catch::EndsWith("(NaN and Infinity are not JSON numbers: leave such a field out or send null)"));

  auto charset = client.request(Verb::post, "/echo", "[1]", {{"Content-Type", "application/json; charset=utf-8"}});
  CHECK(charset.status == 200);

  auto bug = client.get("/bug");
  CHECK(bug.status == 500);
  CHECK(bug.json()["error"] == "Internal server error");  // never the exception's text

  // The connection survived all of the above.
  CHECK(client.get("/ping").status == 200);
}

TEST_CASE("A body over the limit gets 413 without being read", "[http]") {
  TestServer s(ServerOptions{.body_limit_bytes = 2048});
  HttpClient client(s.port());
  auto small = client.post("/echo", "\"" + std::string(1000, 'a') + "\"");
  CHECK(small.status == 200);
  auto big = client.post("/echo", "\"" + std::string(4096, 'a') + "\"");
  CHECK(big.status == 413);
  CHECK(big.json()["error"] == "Request body exceeds the limit of 2048 bytes");
  CHECK(big.header("Connection") == "close");

  HttpClient announced(s.port());  // a huge Content-Length is refused from the header alone
  auto huge = announced.raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                            "10000000000\r\n\r\n");
  CHECK(huge.status == 413);
}

TEST_CASE("Oversized headers and malformed requests get 431 and 400", "[http]") {
  TestServer s(ServerOptions{.header_limit_bytes = 1024});
  HttpClient big_headers(s.port());
  auto r = big_headers.request(Verb::get, "/ping", "", {{"X-Filler", std::string(4000, 'x')}});
  CHECK(r.status == 431);
  CHECK(r.json()["error"] == "Request headers are too large");

  HttpClient garbage(s.port());
  auto bad = garbage.raw("NOT HTTP AT ALL\r\n\r\n");
  CHECK(bad.status == 400);
  CHECK_THAT(bad.json()["error"].get<std::string>(), Catch::StartsWith("Malformed HTTP request"));
}

TEST_CASE("API keys: 401 without or with an unknown key, 403 without the scope", "[http]") {
  TestServer s({}, {"reader-key-0001:read", "operator-key-01:operate", "admin-key-00001:admin"});
  HttpClient client(s.port());
  auto none = client.get("/ping");
  CHECK(none.status == 401);
  CHECK(none.json()["error"] == "Missing or unknown API key");
  CHECK(client.request(Verb::get, "/ping", "", {{"X-API-Key", "wrong-key-000000"}}).status == 401);
  CHECK(client.request(Verb::get, "/ping", "", {{"X-API-Key", "reader-key-0001"}}).status == 200);
  CHECK(client.request(Verb::get, "/ping", "", {{"Authorization", "Bearer reader-key-0001"}}).status == 200);

  auto forbidden = client.request(Verb::post, "/echo", "{}",
                                  {{"X-API-Key", "reader-key-0001"}, {"Content-Type", "application/json"}});
  CHECK(forbidden.status == 403);
  CHECK(forbidden.json()["error"] == "API key lacks the 'operate' scope");
  CHECK(client.request(Verb::post, "/echo", "{}", {{"X-API-Key", "admin-key-00001"}, {"Content-Type", "application/json"}})
            .status == 200);
  CHECK(client.request(Verb::post, "/admin-only", "{}",
                       {{"X-API-Key", "operator-key-01"}, {"Content-Type", "application/json"}})
            .status == 403);
  // Routes open to all (health probes) need no key.
  CHECK(client.get("/client-error").status == 404);

  // Keys can be replaced while serving.
  s.dispatcher->set_access(ApiKeys(std::vector<std::string>{"rotated-key-0001:read"}), TrustedNetworks());
  CHECK(client.request(Verb::get, "/ping", "", {{"X-API-Key", "reader-key-0001"}}).status == 401);
  CHECK(client.request(Verb::get, "/ping", "", {{"X-API-Key", "rotated-key-0001"}}).status == 200);
}

TEST_CASE("CORS: allowed origins are echoed and preflight is answered", "[http]") {
  TestServer s({}, {}, {"http://hmi.local"});
  HttpClient client(s.port());
  auto allowed = client.request(Verb::get, "/ping", "", {{"Origin", "http://hmi.local"}});
  CHECK(allowed.header("Access-Control-Allow-Origin") == "http://hmi.local");
  auto other = client.request(Verb::get, "/ping", "", {{"Origin", "http://evil.example"}});
  CHECK(other.header("Access-Control-Allow-Origin").empty());
  auto preflight = client.request(Verb::options, "/echo", "", {{"Origin", "http://hmi.local"}});
  CHECK(preflight.status == 204);
  CHECK_THAT(preflight.header("Access-Control-Allow-Methods"), Catch::Contains("POST"));
}

TEST_CASE("A slow client that never finishes its headers is cut off", "[http]") {
  TestServer s(ServerOptions{.read_timeout = 300ms, .idle_timeout = 5000ms});
  HttpClient slow(s.port());
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
  boost::asio::write(socket, boost::asio::buffer(std::string("GET /ping HTTP/1.1\r\nHost: x\r\n")));
  const auto started = std::chrono::steady_clock::now();
  char byte;
  boost::system::error_code ec;
  boost::asio::read(socket, boost::asio::buffer(&byte, 1), ec);  // blocks until the server closes
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(ec == boost::asio::error::eof);
  CHECK(waited >= 250ms);
  CHECK(waited < 3s);
  // The server goes on serving others.
  CHECK(HttpClient(s.port()).get("/ping").status == 200);
}

TEST_CASE("An idle kept-alive connection is closed after the idle timeout", "[http]") {
  TestServer s(ServerOptions{.idle_timeout = 300ms});
  HttpClient client(s.port());
  CHECK(client.get("/ping").status == 200);
  CHECK(client.closed_by_server(3000));
}

TEST_CASE("Pipelined requests are answered in order", "[http]") {
  TestServer s;
  HttpClient client(s.port());
  const std::string one = "GET /units/P/A HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string two = "GET /units/P/B HTTP/1.1\r\nHost: x\r\n\r\n";
  auto first = client.raw(one + two);
  CHECK(first.json()["data"]["unit_id"] == "A");
  auto second = client.raw("");
  CHECK(second.json()["data"]["unit_id"] == "B");
}

TEST_CASE("200 concurrent keep-alive connections are all served", "[http]") {
  TestServer s(ServerOptions{.threads = 2, .max_connections = 256});
  constexpr int kConnections = 200;
  constexpr int kRounds = 3;
  boost::asio::io_context ioc;
  std::vector<boost::asio::ip::tcp::socket> sockets;
  for (int i = 0; i < kConnections; ++i) {
    sockets.emplace_back(ioc);
    sockets.back().connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
  }
  int ok = 0;
  for (int round = 0; round < kRounds; ++round) {
    // Every connection has a request outstanding at once.
    for (int i = 0; i < kConnections; ++i) {
      const std::string request = "GET /units/P/U" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n";
      boost::asio::write(sockets[static_cast<std::size_t>(i)], boost::asio::buffer(request));
    }
    for (int i = 0; i < kConnections; ++i) {
      boost::beast::flat_buffer buffer;
      beast_http::response<beast_http::string_body> response;
      beast_http::read(sockets[static_cast<std::size_t>(i)], buffer, response);
      const auto body = nlohmann::json::parse(response.body());
      if (response.result_int() == 200 && body["data"]["unit_id"] == "U" + std::to_string(i) && response.keep_alive()) {
        ++ok;
      }
    }
  }
  CHECK(ok == kConnections * kRounds);
  CHECK(s.server->open_connections() == kConnections);
}

TEST_CASE("Connections over the cap get 503 and are closed", "[http]") {
  TestServer s(ServerOptions{.max_connections = 2});
  HttpClient a(s.port()), b(s.port());
  CHECK(a.get("/ping").status == 200);
  CHECK(b.get("/ping").status == 200);
  HttpClient c(s.port());
  auto refused = c.raw("");
  CHECK(refused.status == 503);
  CHECK(refused.json()["error"] == "Too many open connections; try again shortly");
}

TEST_CASE("Graceful stop finishes the request in flight and closes idle connections", "[http]") {
  TestServer s;
  HttpClient idle(s.port());
  CHECK(idle.get("/ping").status == 200);
  HttpClient busy(s.port());
  auto in_flight = std::async(std::launch::async, [&] { return busy.get("/slow"); });
  s.slow_started.get_future().wait();
  const auto stop_started = std::chrono::steady_clock::now();
  s.server->stop(5000ms);
  const auto stop_took = std::chrono::steady_clock::now() - stop_started;
  auto finished = in_flight.get();
  CHECK(finished.status == 200);
  CHECK(finished.json()["data"] == "finished");
  CHECK(finished.header("Connection") == "close");
  CHECK(stop_took < 3s);
  CHECK(idle.closed_by_server(1000));
  CHECK_THROWS(HttpClient(s.port()));  // no longer listening
}

TEST_CASE("A deferred answer comes from another thread, and a request pipelined behind it is answered next", "[http]") {
  TestServer s;
  HttpClient client(s.port());
  const std::string deferred = "POST /deferred HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
  const std::string ping = "GET /units/P/B HTTP/1.1\r\nHost: x\r\n\r\n";
  auto answer = std::async(std::launch::async, [&] { return client.raw(deferred + ping); });
  auto route = s.deferred.get_future().get();
  std::thread([respond = route.respond] { respond(ApiResponse::ok("later")); }).join();
  const auto first = answer.get();
  CHECK(first.status == 200);
  CHECK(first.json()["data"] == "later");
  CHECK_FALSE(route.client_gone.stop_requested());
  const auto second = client.raw("");
  CHECK(second.json()["data"]["unit_id"] == "B");
  CHECK(client.get("/ping").status == 200);  // the connection is kept alive
}

TEST_CASE("A client that hangs up before a deferred answer: the route is told, the late answer is dropped",
          "[http]") {
  TestServer s;
  HttpClient client(s.port());
  client.send_post("/deferred", "{}");
  auto route = s.deferred.get_future().get();
  CHECK_FALSE(route.client_gone.stop_requested());
  client.hang_up();
  CHECK(stop_requested_within(route.client_gone, 5000ms));
  route.respond(ApiResponse::ok("nobody reads this"));  // the session lets go of itself with it
  for (int i = 0; i < 200 && s.server->open_connections() > 0; ++i) std::this_thread::sleep_for(10ms);
  CHECK(s.server->open_connections() == 0);
  CHECK(HttpClient(s.port()).get("/ping").status == 200);
}

TEST_CASE("A deferred answer that comes after the server and dispatcher are gone touches neither", "[http]") {
  TestServer s;
  HttpClient client(s.port());
  client.send_post("/deferred", "{}");
  auto route = s.deferred.get_future().get();
  s.server->stop(100ms);
  CHECK(route.client_gone.stop_requested());  // the work for it is cancelled
  s.server.reset();
  s.dispatcher.reset();
  CHECK(client.closed_by_server(2000));
  // The responder outlived the server and the dispatcher (a worker that was
  // not stopped first): answering now must touch none of them.
  route.respond(ApiResponse::ok("too late"));
  route.respond = nullptr;
}

TEST_CASE("A deferred route that answers twice: the first answer stands, the connection goes on", "[http]") {
  TestServer s;
  HttpClient client(s.port());
  const auto answer = client.post("/answers-twice", "{}");
  CHECK(answer.status == 200);
  CHECK(answer.json()["data"] == "first");
  CHECK(client.get("/units/P/A").json()["data"]["unit_id"] == "A");
}
