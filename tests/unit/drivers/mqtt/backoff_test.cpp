#include <catch2/catch.hpp>

#include <stdexcept>

#include "drivers/mqtt/backoff.hpp"

using aegis::mqtt::Backoff;
using std::chrono::milliseconds;

TEST_CASE("Backoff ceilings double from the base up to the cap", "[mqtt][backoff]") {
  Backoff backoff(milliseconds(500), milliseconds(30000), 1);
  const long expected[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
  for (long ceiling : expected) {
    CHECK(backoff.ceiling() == milliseconds(ceiling));
    const auto delay = backoff.next();
    CHECK(delay >= milliseconds(0));
    CHECK(delay <= milliseconds(ceiling));
  }
  CHECK(backoff.attempts() == 9);
  for (int i = 0; i < 1000; ++i) backoff.next();  // no overflow however long the outage
  CHECK(backoff.ceiling() == milliseconds(30000));
}

TEST_CASE("Backoff jitter is full, seeded, and reset by a success", "[mqtt][backoff]") {
  Backoff first(milliseconds(1000), milliseconds(1000), 42), second(milliseconds(1000), milliseconds(1000), 42);
  long low = 0, high = 0, sum = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    const auto delay = first.next();
    REQUIRE(delay == second.next());
    low += delay < milliseconds(250);
    high += delay > milliseconds(750);
    sum += delay.count();
  }
  // Uniform over [0, 1000]: a quarter below 250 ms, a quarter above 750 ms.
  CHECK(low == Approx(n / 4).epsilon(0.1));
  CHECK(high == Approx(n / 4).epsilon(0.1));
  CHECK(sum / n == Approx(500).epsilon(0.05));

  Backoff backoff(milliseconds(100), milliseconds(10000), 7);
  for (int i = 0; i < 5; ++i) backoff.next();
  CHECK(backoff.ceiling() == milliseconds(3200));
  backoff.reset();
  CHECK(backoff.attempts() == 0);
  CHECK(backoff.ceiling() == milliseconds(100));
  CHECK(backoff.next() <= milliseconds(100));
}

TEST_CASE("Backoff refuses a base that is not positive or above its cap", "[mqtt][backoff]") {
  CHECK_THROWS_WITH(Backoff(milliseconds(0), milliseconds(10)), "backoff base must be positive");
  CHECK_THROWS_WITH(Backoff(milliseconds(20), milliseconds(10)), "backoff cap must not be below its base");
}
