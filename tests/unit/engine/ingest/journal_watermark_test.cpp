#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>

#include "engine/ingest/journal_watermark.hpp"

using aegis::ingest::JournalWatermark;

TEST_CASE("Journal watermark stops below the first message with readings outstanding", "[ingest][journal]") {
  JournalWatermark watermark;
  CHECK(watermark.through() == 0);
  watermark.decoded(1, 2);
  watermark.decoded(2, 0);  // no readings: complete at once
  watermark.decoded(3, 1);
  CHECK(watermark.through() == 0);
  // Commits need not come in message order.
  watermark.committed(3, 1);
  CHECK(watermark.through() == 0);
  watermark.committed(1, 1);
  CHECK(watermark.through() == 0);
  watermark.committed(1, 1);
  CHECK(watermark.through() == 3);
  watermark.decoded(4, 5);
  watermark.committed(4, 4);
  CHECK(watermark.through() == 3);
  watermark.committed(4, 1);
  CHECK(watermark.through() == 4);
}

TEST_CASE("Journal watermark covers messages without readings and never goes past the last decoded",
          "[ingest][journal]") {
  JournalWatermark watermark;
  watermark.decoded(1, 0);
  CHECK(watermark.through() == 1);
  watermark.decoded(5, 0);  // seqs 2 to 4 never reached the decoder: nothing waits for them
  CHECK(watermark.through() == 5);

  // The writer may commit a reading before the decoder records its message.
  watermark.committed(6, 1);
  CHECK(watermark.through() == 5);  // 6 is not decoded yet
  watermark.decoded(6, 3);
  CHECK(watermark.through() == 5);  // 2 of 3 still outstanding
  watermark.committed(6, 2);
  CHECK(watermark.through() == 6);

  // Everything committed before decoded: complete as soon as it is decoded.
  watermark.committed(7, 2);
  watermark.decoded(7, 2);
  CHECK(watermark.through() == 7);

  // More reported than decoded changes nothing.
  watermark.committed(7, 1);
  CHECK(watermark.through() == 7);
}

TEST_CASE("Journal watermark refuses seqs decoded out of order", "[ingest][journal]") {
  JournalWatermark watermark;
  watermark.decoded(3, 1);
  CHECK_THROWS_AS(watermark.decoded(3, 1), std::invalid_argument);
  CHECK_THROWS_AS(watermark.decoded(2, 0), std::invalid_argument);
  CHECK(watermark.through() == 2);
}

TEST_CASE("Journal watermark counts a decoder and a writer racing each other", "[ingest][journal]") {
  constexpr std::uint64_t kMessages = 20000;
  JournalWatermark watermark;
  std::thread decoder([&] {
    for (std::uint64_t seq = 1; seq <= kMessages; ++seq) watermark.decoded(seq, 2);
  });
  std::thread writer([&] {  // often ahead of the decoder: its commits arrive early
    for (std::uint64_t seq = 1; seq <= kMessages; ++seq) {
      watermark.committed(seq, 1);
      watermark.committed(seq, 1);
    }
  });
  decoder.join();
  writer.join();
  CHECK(watermark.through() == kMessages);
}
