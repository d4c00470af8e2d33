#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <stop_token>

#include "drivers/llm/host_lookup.hpp"
#include "tests/support/gate.hpp"

using namespace aegis;
using namespace std::chrono_literals;

namespace {

// A lookup that hangs, as getaddrinfo does when no DNS server answers,
// until the test lets it go.
struct HangingLookup {
  std::promise<void> entered;
  test::Gate release;
  std::promise<void> left;

  llm::BlockingLookup function() {
    return [this](const std::string&, const std::string&) {
      entered.set_value();
      release.wait();
      left.set_value();
      return llm::LookupResult{};
    };
  }
};

}  // namespace

TEST_CASE("A host lookup answers with the resolver's addresses or its error", "[llm]") {
  const auto found = llm::lookup_host("127.0.0.1", "8080", std::chrono::steady_clock::now() + 5s, {});
  REQUIRE(found);
  CHECK_FALSE(found->error);
  REQUIRE(found->addresses.size() == 1);
  CHECK(found->addresses.begin()->endpoint().port() == 8080);

  const auto refused = llm::lookup_host("anything", "443", std::chrono::steady_clock::now() + 5s, {},
                                        [](const std::string&, const std::string&) {
                                          return llm::LookupResult{.error = boost::asio::error::host_not_found};
                                        });
  REQUIRE(refused);
  CHECK(refused->error == boost::asio::error::host_not_found);
}

TEST_CASE("A lookup that hangs is abandoned at the deadline", "[llm]") {
  HangingLookup hanging;
  const auto found =
      llm::lookup_host("dns.invalid", "443", std::chrono::steady_clock::now() + 200ms, {}, hanging.function());
  CHECK_FALSE(found);
  // The lookup was still running: the caller did not wait for it.
  hanging.entered.get_future().wait();
  auto left = hanging.left.get_future();
  CHECK(left.wait_for(0s) == std::future_status::timeout);
  hanging.release.open();
  left.wait();
}

TEST_CASE("A lookup that hangs is abandoned when stop is requested", "[llm]") {
  HangingLookup hanging;
  std::stop_source stop;
  auto entered = hanging.entered.get_future();
  auto waiting = std::async(std::launch::async, [&] {
    return llm::lookup_host("dns.invalid", "443", std::chrono::steady_clock::now() + 60s, stop.get_token(),
                            hanging.function());
  });
  entered.wait();
  stop.request_stop();
  CHECK_FALSE(waiting.get());
  auto left = hanging.left.get_future();
  CHECK(left.wait_for(0s) == std::future_status::timeout);
  hanging.release.open();
  left.wait();
}
