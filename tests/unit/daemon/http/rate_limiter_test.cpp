#include <catch2/catch.hpp>

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
  CHECK_FALSE(limiter.take("a", t0 + 500ms));
  CHECK(limiter.take("a", t0 + 500ms) == 500ms);
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

TEST_CASE("Rate limiter: the table of clients stays bounded, and no active client is pushed out", "[http]") {
  RateLimiter limiter(1, 2, 2);
  CHECK_FALSE(limiter.take("a", t0));
  CHECK_FALSE(limiter.take("b", t0));
  // Both still have an unfilled bucket: a third client waits its turn.
  CHECK(limiter.take("c", t0 + 100ms) == 1000ms);
  CHECK(limiter.clients() == 2);
  // Once a and b have refilled they are forgotten (a new bucket is the same).
  CHECK_FALSE(limiter.take("c", t0 + 2s));
  CHECK(limiter.clients() == 1);
  CHECK_FALSE(limiter.take("a", t0 + 2s));
  CHECK_FALSE(limiter.take("a", t0 + 2s));
  CHECK(limiter.take("a", t0 + 2s) == 1000ms);
}

TEST_CASE("Rate limiter: a rate of zero or a burst below one is refused", "[http]") {
  CHECK_THROWS_AS(RateLimiter(0, 5), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter(1, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(RateLimiter(std::nan(""), 5), std::invalid_argument);
}
