#include "daemon/http/trusted_networks.hpp"

#include <catch2/catch.hpp>

#include "daemon/http/dispatcher.hpp"
#include "daemon/http/http_server.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis::http;
using aegis::test::HttpClient;
using boost::asio::ip::make_address;

TEST_CASE("Trusted networks: entries parse with their scope, and mistakes are named", "[http]") {
  const auto parsed = parse_trusted_network("10.0.5.0/24:operate");
  REQUIRE(parsed.network);
  CHECK(parsed.network->network == make_address("10.0.5.0"));
  CHECK(parsed.network->prefix_length == 24);
  CHECK(parsed.network->scope == Scope::operate);
  CHECK(parse_trusted_network("fd00::/8:read").network->prefix_length == 8);
  CHECK(parse_trusted_network("192.168.1.7:admin").network->prefix_length == 32);  // one host
  CHECK(parse_trusted_network("::1:read").network->prefix_length == 128);

  CHECK(parse_trusted_network("10.0.5.0/24").error == "expected NETWORK/PREFIX:SCOPE, for example 10.0.5.0/24:read");
  CHECK(parse_trusted_network("::1").error == "scope must be read, operate or admin, got '1'");
  CHECK(parse_trusted_network("10.0.5.0/24:root").error == "scope must be read, operate or admin, got 'root'");
  CHECK(parse_trusted_network("gateway-7/24:read").error == "'gateway-7' is not an IP address");
  CHECK(parse_trusted_network("10.0.5.0/33:read").error == "prefix length must be 0 to 32, got '33'");
  CHECK(parse_trusted_network("10.0.5.0/:read").error == "prefix length must be 0 to 32, got ''");
  CHECK(parse_trusted_network("10.0.5.7/24:read").error ==
        "'10.0.5.7/24' has host bits set (the network is 10.0.5.0/24)");
  CHECK(parse_trusted_network("read").error == "expected NETWORK/PREFIX:SCOPE, for example 10.0.5.0/24:read");
  // Entries that would trust everyone, never match, or name an interface.
  CHECK(parse_trusted_network("0.0.0.0/0:admin").error ==
        "'0.0.0.0/0' would trust every address; list the client's own address");
  CHECK(parse_trusted_network("::/0:read").error == "'::/0' would trust every address; list the client's own address");
  CHECK(parse_trusted_network("fe80::1%lo/128:read").error == "'fe80::1%lo' has a zone id; list the address without it");
  CHECK(parse_trusted_network("::ffff:0:0/64:read").error == "'::ffff:0:0/64' mixes IPv4-mapped and other addresses");
  const auto mapped = parse_trusted_network("::ffff:10.0.5.0/120:read");
  REQUIRE(mapped.network);
  CHECK(mapped.network->network == make_address("10.0.5.0"));  // compared as clients are: as IPv4
  CHECK(mapped.network->prefix_length == 24);
}

TEST_CASE("Trusted networks: a client gets the highest scope of the networks holding it", "[http]") {
  CHECK(TrustedNetworks(std::vector<std::string>{"::ffff:127.0.0.1/128:admin"}).scope_of(make_address("127.0.0.1")) ==
        Scope::admin);
  const TrustedNetworks trusted(
      std::vector<std::string>{"10.0.0.0/8:read", "10.0.5.0/24:operate", "2001:db8::/32:admin"});
  CHECK(trusted.scope_of(make_address("10.1.2.3")) == Scope::read);
  CHECK(trusted.scope_of(make_address("10.0.5.200")) == Scope::operate);
  CHECK(trusted.scope_of(make_address("::ffff:10.0.5.9")) == Scope::operate);  // dual-stack listener
  CHECK(trusted.scope_of(make_address("2001:db8:1::5")) == Scope::admin);
  CHECK_FALSE(trusted.scope_of(make_address("11.0.0.1")));
  CHECK_FALSE(trusted.scope_of(make_address("2001:db9::1")));
  CHECK_FALSE(TrustedNetworks(std::vector<std::string>{}).scope_of(make_address("127.0.0.1")));
}

namespace {

// A server with one key and the given trusted networks; /ping needs read,
// /plan needs operate.
struct KeyedServer {
  explicit KeyedServer(std::vector<std::string> trusted, std::shared_ptr<RateLimiter> limiter = nullptr) {
    router.add(Verb::get, "/ping", Scope::read, [](const ApiRequest&) { return ApiResponse::ok("pong"); });
    router.add(Verb::post, "/plan", Scope::operate, [](const ApiRequest&) { return ApiResponse::ok("planned"); });
    dispatcher = std::make_unique<Dispatcher>(
        router, ApiKeys(std::vector<std::string>{"operator-key-01:operate"}),
        DispatcherOptions{.rate_limiter = std::move(limiter), .trusted_networks = TrustedNetworks(trusted)});
    ServerOptions options;
    options.port = 0;
    server = std::make_unique<HttpServer>(options, *dispatcher);
    server->start();
  }
  Router router;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> server;
};

}  // namespace

TEST_CASE("Trusted networks over real HTTP: no key from the network gets its scope, a wrong key still fails",
          "[http]") {
  KeyedServer s({"127.0.0.0/8:read"});
  HttpClient client(s.server->port());
  CHECK(client.get("/ping").json()["data"] == "pong");
  const auto refused = client.post("/plan", "{}");
  CHECK(refused.status == 403);
  CHECK(refused.json()["error"] == "Trusted network lacks the 'operate' scope; present an API key that has it");
  // A key is judged alone, even from a trusted network.
  const auto wrong = client.request(Verb::get, "/ping", "", {{"X-API-Key", "guessed-key-001"}});
  CHECK(wrong.status == 401);
  CHECK(wrong.json()["error"] == "Missing or unknown API key");
  CHECK(
      client
          .request(Verb::post, "/plan", "{}", {{"X-API-Key", "operator-key-01"}, {"Content-Type", "application/json"}})
          .status == 200);

  // A reload that drops the network: keys are needed again.
  s.dispatcher->set_access(ApiKeys(std::vector<std::string>{"operator-key-01:operate"}),
                           TrustedNetworks(std::vector<std::string>{"10.0.0.0/8:admin"}));
  CHECK(client.get("/ping").status == 401);
}

TEST_CASE("Trusted networks and the rate limit: the trusted client has an allowance of its own", "[http]") {
  KeyedServer s({"127.0.0.0/8:read"}, std::make_shared<RateLimiter>(0.01, 2));
  HttpClient client(s.server->port());
  const std::map<std::string, std::string> wrong{{"X-API-Key", "guessed-key-001"}};
  const std::map<std::string, std::string> right{{"X-API-Key", "operator-key-01"}};
  // A key guesser on the same address spends the address's allowance...
  CHECK(client.request(Verb::get, "/ping", "", wrong).status == 401);
  CHECK(client.request(Verb::get, "/ping", "", wrong).status == 401);
  CHECK(client.request(Verb::get, "/ping", "", wrong).status == 429);
  CHECK(client.request(Verb::get, "/ping", "", right).status == 429);
  // ... not the trusted client's, which is spent by its own requests only.
  CHECK(client.get("/ping").status == 200);
  CHECK(client.get("/ping").status == 200);
  CHECK(client.get("/ping").status == 429);
}
