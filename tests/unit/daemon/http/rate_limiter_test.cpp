#include <catch2/catch.hpp>

#include "daemon/http/client_address.hpp"
#include "daemon/http/rate_limiter.hpp"

using aegis::http::RateLimiter;
using namespace std::chrono_literals;

namespace {
const RateLimiter::Clock::time_point t0{};
}

TEST_CASE("Rate limiter: a burst, then the rate, with the wait until the next allowed request", "[http]") {
  RateLimiter limiter(2, 3);  // 2 a second, 3 at once
  CHECK_FALSE(limiter.take("a", t0));
  CHECK_FALSE(limiter.take("a", t0));
  CHECK_FALSE(limiter.take("a", t0));
  CHECK(limiter.take("a", t0) == 500ms);
  CHECK(limiter.take("a", t0 + 200ms) == 300ms);  // a refused request costs nothing
  CHECK_FALSE(limiter.take("a", t0 + 600ms));    // 1.2 tokens by then
  CHECK(limiter.take("a", t0 + 600ms) == 400ms);  // 0.2 left
  // A long pause refills up to the burst, no further.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.take("a", t0 + 60s));
  CHECK(limiter.take("a", t0 + 60s) == 500ms);
}

TEST_CASE("Rate limiter: each client has its own allowance", "[http]") {
  RateLimiter limiter(1, 1);
  CHECK_FALSE(limiter.take("key reader-key-0001", t0));
  CHECK(limiter.take("key reader-key-0001", t0) == 1000ms);
  CHECK_FALSE(limiter.take("key other-key-00002", t0));
  CHECK_FALSE(limiter.take("address 10.0.0.7", t0));
  CHECK(limiter.clients() == 3);
}

TEST_CASE("Rate limiter: the table of clients stays bounded, newcomers share one allowance while it is full",
          "[http]") {
  RateLimiter limiter(1, 2, 2);
  CHECK_FALSE(limiter.take("a", t0));
  CHECK_FALSE(limiter.take("b", t0));
  // a and b have not refilled: the table stays full, and c, d and e draw on
  // one shared allowance of two.
  CHECK_FALSE(limiter.take("c", t0 + 100ms));
  CHECK_FALSE(limiter.take("d", t0 + 100ms));
  CHECK(limiter.take("e", t0 + 100ms) == 1000ms);
  CHECK(limiter.clients() == 2);
  CHECK_FALSE(limiter.take("a", t0 + 100ms));  // a keeps its own
  // Once a and b have refilled they are forgotten (a new bucket is the same).
  CHECK_FALSE(limiter.take("c", t0 + 3s));
  CHECK(limiter.clients() == 1);
  CHECK_FALSE(limiter.take("c", t0 + 3s));
  CHECK(limiter.take("c", t0 + 3s) == 1000ms);
}

TEST_CASE("Rate limiter: peek answers like take without spending, and adds no client", "[http]") {
  RateLimiter limiter(1, 1);
  CHECK_FALSE(limiter.peek("a", t0));
  CHECK(limiter.clients() == 0);
  CHECK_FALSE(limiter.take("a", t0));
  CHECK(limiter.peek("a", t0 + 250ms) == 750ms);
  CHECK(limiter.peek("a", t0 + 250ms) == 750ms);
  CHECK_FALSE(limiter.peek("a", t0 + 1s));
  CHECK_FALSE(limiter.take("a", t0 + 1s));
}

TEST_CASE("Rate limiter: a bucket's time never runs backwards", "[http]") {
  RateLimiter limiter(1, 1);
  CHECK_FALSE(limiter.take("a", t0 + 1s));
  // A thread that read the clock earlier and got the lock later.
  CHECK(limiter.take("a", t0 + 900ms) == 1000ms);
  CHECK_FALSE(limiter.take("a", t0 + 2s));
}

TEST_CASE("Rate limiter: a rate of zero or a burst below one is refused", "[http]") {
  CHECK_THROWS_AS(RateLimiter(0, 5), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter(1e-300, 5), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter(1, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter(std::nan(""), 5), std::invalid_argument);
}

TEST_CASE("Rate limit addresses: IPv4 as it is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64", "[http]") {
  using aegis::http::rate_limit_address;
  namespace ip = boost::asio::ip;
  CHECK(rate_limit_address(ip::make_address("10.0.0.7")) == "10.0.0.7");
  CHECK(rate_limit_address(ip::make_address("::ffff:10.0.0.7")) == "10.0.0.7");
  CHECK(rate_limit_address(ip::make_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")) == "2001:db8:1:2::/64");
  CHECK(rate_limit_address(ip::make_address("2001:db8:1:2::1")) == rate_limit_address(ip::make_address("2001:db8:1:2::2")));
  CHECK(rate_limit_address(ip::make_address("::1")) == "::/64");
}
