#include <catch2/catch.hpp>

#include "engine/ingest/seq_tracker.hpp"

using aegis::ingest::SeqTracker;

TEST_CASE("Seq gaps count the missing numbers; repeats and late ones are out of order", "[ingest]") {
  SeqTracker tracker;
  const aegis::telemetry::UnitKey a{"P", "A"}, b{"P", "B"};
  std::int64_t missing = 0;
  int out_of_order = 0;
  for (const std::int64_t seq : {1, 2, 5, 6, 6, 3, 10}) {
    const auto outcome = tracker.observe(a, seq);
    missing += outcome.missing;
    out_of_order += outcome.out_of_order ? 1 : 0;
  }
  CHECK(missing == 5);  // 3, 4, 7, 8, 9
  CHECK(out_of_order == 2);
  CHECK(tracker.observe(b, 7).missing == 0);  // units are counted apart; the first seq is the start
  CHECK(tracker.observe(b, 8).missing == 0);
  // A sender that restarts counts from 0 again.
  CHECK_FALSE(tracker.observe(a, 0).out_of_order);
  CHECK(tracker.observe(a, 1).missing == 0);
  CHECK(tracker.observe(a, 3).missing == 1);
}
