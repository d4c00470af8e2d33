#include <catch2/catch.hpp>

#include "engine/imports/telemetry_import.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;

namespace {

telemetry::Reading reading(const std::string& unit, int hour) {
  telemetry::Reading r;
  r.product_id = "P";
  r.unit_id = unit;
  r.timestamp = time::from_epoch_ms(1704067200000LL + hour * 3'600'000LL);
  r.step_index = hour;
  r.engine_type = "M";
  r.values = {300, 310, 1500, 40, static_cast<double>(hour)};
  return r;
}

// Rows in memory, every fourth one unreadable; remembers the batch sizes asked for.
class ListSource : public imports::TelemetrySource {
 public:
  explicit ListSource(int rows) : rows_(rows) {}
  bool next_batch(std::size_t max_rows, imports::SourceBatch& batch) override {
    batch.clear();
    asked.push_back(max_rows);
    while (next_ < rows_ && batch.readings.size() + batch.problems.size() < max_rows) {
      const int row = next_++;
      if (row % 4 == 3) {
        batch.problems.push_back({"line " + std::to_string(row + 2), "bad"});
      } else {
        batch.readings.push_back(reading(row % 2 ? "U1" : "U2", row));
      }
    }
    return !batch.readings.empty() || !batch.problems.empty();
  }
  std::size_t total_rows() const override { return static_cast<std::size_t>(rows_); }
  std::vector<std::size_t> asked;

 private:
  int rows_;
  int next_ = 0;
};

}  // namespace

TEST_CASE("telemetry imports go in bounded batches, count bad rows and skip rows already stored", "[imports]") {
  test::TempDir dir;
  store::Database database({.path = dir / "aegisd.db"});
  telemetry::TelemetryStore store(database);
  const auto profile = profiles::ai4i_profile();

  ListSource source(40);
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  const auto result = imports::import_telemetry(store, profile, source, {.batch_rows = 16, .problems_listed = 3},
                                                [&](std::size_t done, std::size_t total) {
                                                  progress.emplace_back(done, total);
                                                });
  CHECK(result.rows_read == 40);
  CHECK(result.imported == 30);
  CHECK(result.rejected == 10);
  CHECK(result.already_present == 0);
  CHECK(result.units == 2);
  REQUIRE(result.problems.size() == 3);
  CHECK(result.problems[0].where == "line 5");
  CHECK(result.problems[2].where == "line 13");
  CHECK(source.asked == std::vector<std::size_t>{16, 16, 16, 16});
  CHECK(progress == std::vector<std::pair<std::size_t, std::size_t>>{{16, 40}, {32, 40}, {40, 40}});
  CHECK(store.count(profile) == 30);

  ListSource again(40);
  const auto second = imports::import_telemetry(store, profile, again);
  CHECK(second.imported == 0);
  CHECK(second.already_present == 30);
  CHECK(store.count(profile) == 30);
}
