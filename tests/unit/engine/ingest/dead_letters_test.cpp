#include <catch2/catch.hpp>

#include "engine/ingest/dead_letters.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;
using ingest::DeadLetter;
using ingest::IngestSource;

namespace {

DeadLetter letter(const std::string& reason, IngestSource source = IngestSource::mqtt) {
  return {0, time::from_epoch_ms(1704103200000), source, "aegis/P/U/telemetry", reason, "{\"x\":1}"};
}

std::vector<std::string> recent_reasons(const ingest::DeadLetterStore& letters, int limit) {
  std::vector<std::string> reasons;
  for (const auto& stored : letters.recent(limit)) reasons.push_back(stored.reason);
  return reasons;
}

}  // namespace

TEST_CASE("Dead letters keep source, topic, reason and the payload's first 512 bytes", "[ingest]") {
  test::TempDir dir;
  store::Database db({.path = dir / "d.db"});
  ingest::DeadLetterStore letters(db);
  CHECK(letters.count() == 0);

  DeadLetter long_one = letter("payload is not JSON: x");
  long_one.payload = std::string(511, 'a') + "\xC3\xA9" + std::string(1000, 'b');  // an 'é' straddles byte 512
  DeadLetter http = letter("missing product_id", IngestSource::http);
  http.topic.reset();
  letters.add({long_one, http});

  CHECK(letters.count() == 2);
  CHECK(letters.total_added() == 2);
  const auto stored = letters.recent(10);
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].reason == "missing product_id");  // newest first
  CHECK(stored[0].source == IngestSource::http);
  CHECK_FALSE(stored[0].topic.has_value());
  CHECK(stored[0].payload == "{\"x\":1}");
  CHECK(stored[1].source == IngestSource::mqtt);
  CHECK(stored[1].topic == std::optional<std::string>("aegis/P/U/telemetry"));
  CHECK(stored[1].received_at == time::from_epoch_ms(1704103200000));
  CHECK(stored[1].payload == std::string(511, 'a'));  // cut before the character, not through it
  CHECK(stored[0].id > stored[1].id);
  CHECK(recent_reasons(letters, 1) == std::vector<std::string>{"missing product_id"});
}

TEST_CASE("The dead-letter table keeps only the newest max_rows letters", "[ingest]") {
  test::TempDir dir;
  store::Database db({.path = dir / "d.db"});
  ingest::DeadLetterStore letters(db, 5);
  letters.add({letter("r1"), letter("r2"), letter("r3")});
  CHECK(letters.count() == 3);
  letters.add({letter("r4"), letter("r5"), letter("r6"), letter("r7")});
  CHECK(letters.count() == 5);
  CHECK(recent_reasons(letters, 10) == std::vector<std::string>{"r7", "r6", "r5", "r4", "r3"});

  std::vector<DeadLetter> flood;
  for (int i = 0; i < 12; ++i) flood.push_back(letter("f" + std::to_string(i)));
  letters.add(flood);
  CHECK(letters.count() == 5);
  CHECK(recent_reasons(letters, 10) == std::vector<std::string>{"f11", "f10", "f9", "f8", "f7"});
  CHECK(letters.total_added() == 19);
  letters.add({});
  CHECK(letters.count() == 5);
  CHECK_THROWS_AS(ingest::DeadLetterStore(db, 0), std::invalid_argument);
}

TEST_CASE("A message's rejections become one dead letter with a count and the first reasons", "[ingest]") {
  const auto at = time::from_epoch_ms(1704103200000);
  ingest::DecodeResult one;
  one.rejected.push_back({std::nullopt, "topic does not match aegis/+/+/telemetry", "{}"});
  auto letters = ingest::dead_letters_of(one, IngestSource::mqtt, "x/y", at);
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].reason == "topic does not match aegis/+/+/telemetry");
  CHECK(letters[0].payload == "{}");
  CHECK(letters[0].topic == std::optional<std::string>("x/y"));
  CHECK(letters[0].received_at == at);

  ingest::DecodeResult batch;
  batch.accepted.resize(3);
  for (std::size_t i = 0; i < 8; ++i) {
    batch.rejected.push_back({i + 3, i % 2 ? "missing ts" : "torque_Nm is not a number", "{\"seq\":" + std::to_string(i) + "}"});
  }
  letters = ingest::dead_letters_of(batch, IngestSource::http, std::nullopt, at);
  REQUIRE(letters.size() == 1);
  CHECK(letters[0].reason ==
        "8 of 11 records refused: [3] torque_Nm is not a number; [4] missing ts; [5] torque_Nm is not a number; "
        "[6] missing ts; [7] torque_Nm is not a number; and 3 more");
  CHECK(letters[0].payload == "{\"seq\":0}");
  CHECK(letters[0].source == IngestSource::http);
  CHECK(ingest::dead_letters_of({}, IngestSource::mqtt, std::nullopt, at).empty());
  CHECK(ingest::to_string(IngestSource::http) == "http");
}
