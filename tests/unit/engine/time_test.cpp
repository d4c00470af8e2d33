#include <catch2/catch.hpp>

#include "engine/common/time.hpp"

using aegis::time::format_iso8601;
using aegis::time::parse_iso8601;
using aegis::time::to_epoch_ms;

TEST_CASE("ISO 8601 input accepts naive, Z and offset forms as the same instant", "[time]") {
  const auto naive = parse_iso8601("2024-01-15T10:00:00");
  const auto zulu = parse_iso8601("2024-01-15T10:00:00Z");
  const auto offset = parse_iso8601("2024-01-15T12:00:00+02:00");
  const auto compact = parse_iso8601("2024-01-15T05:30:00-0430");
  REQUIRE(naive);
  REQUIRE(zulu);
  REQUIRE(offset);
  REQUIRE(compact);
  CHECK(to_epoch_ms(*naive) == 1705312800000);
  CHECK(*naive == *zulu);
  CHECK(*naive == *offset);
  CHECK(*naive == *compact);
}

TEST_CASE("ISO 8601 keeps milliseconds and formats with an explicit UTC offset", "[time]") {
  const auto t = parse_iso8601("2024-01-15 10:00:00.25");
  REQUIRE(t);
  CHECK(to_epoch_ms(*t) == 1705312800250);
  CHECK(format_iso8601(*t) == "2024-01-15T10:00:00.250+00:00");
  CHECK(format_iso8601(*parse_iso8601("2024-02-29T23:59:59Z")) == "2024-02-29T23:59:59+00:00");
}

TEST_CASE("ISO 8601 rejects malformed times", "[time]") {
  for (const char* bad : {"", "yesterday", "2024-13-01T00:00:00", "2024-02-30", "2024-01-15T25:00:00",
                          "2024-01-15T10:00:00+", "2024-01-15T10:00:00 junk", "2024-01-15T10:00:00."}) {
    INFO(bad);
    CHECK_FALSE(parse_iso8601(bad));
  }
}
