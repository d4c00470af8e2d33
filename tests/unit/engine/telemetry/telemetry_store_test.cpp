#include <catch2/catch.hpp>

#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;
using telemetry::Reading;

namespace {

Reading ai4i_reading(const std::string& unit, const std::string& iso, std::int64_t step, double torque) {
  Reading r;
  r.product_id = "L47181";
  r.unit_id = unit;
  r.timestamp = *time::parse_iso8601(iso);
  r.step_index = step;
  r.engine_type = "L";
  r.values = {298.1, 308.6, 1551, torque, static_cast<double>(step)};
  r.labels.is_failure = 0;
  r.labels.failure_type = "No Failure";
  r.labels.rul = 100.0 - static_cast<double>(step);
  return r;
}

}  // namespace

TEST_CASE("Telemetry round-trips through the seed's table and duplicates are ignored", "[telemetry]") {
  test::TempDir dir;
  store::Database db({.path = dir / "t.db"});
  telemetry::TelemetryStore telemetry(db);
  const auto profile = profiles::ai4i_profile();
  std::vector<Reading> rows;
  for (int i = 0; i < 60; ++i) {
    rows.push_back(ai4i_reading("U1", "2024-01-01T00:00:00Z", i, 40.0 + i));
    rows.back().timestamp += std::chrono::hours(i);
  }
  CHECK(telemetry.insert(profile, rows) == 60);
  CHECK(telemetry.insert(profile, rows) == 0);  // a redelivery adds nothing
  CHECK(telemetry.count(profile) == 60);

  const auto last50 = telemetry.recent(profile, {"L47181", "U1"}, std::nullopt, 50);
  REQUIRE(last50.size() == 50);
  CHECK(last50.front().step_index == 10);
  CHECK(last50.back().step_index == 59);
  CHECK(last50.back().values[3] == 99.0);
  CHECK(last50.back().engine_type == "L");
  CHECK(last50.back().labels.failure_type == "No Failure");
  CHECK(last50.back().labels.rul == 41.0);

  // Only rows at or before the bound count; the bound itself is included.
  const auto until = *time::parse_iso8601("2024-01-01T05:00:00+00:00");
  const auto early = telemetry.recent(profile, {"L47181", "U1"}, until, 50);
  REQUIRE(early.size() == 6);
  CHECK(early.back().timestamp == until);

  CHECK(telemetry.recent(profile, {"L47181", "nope"}, std::nullopt, 50).empty());
  CHECK(telemetry.units(profile) == std::vector<telemetry::UnitKey>{{"L47181", "U1"}});
}

TEST_CASE("Turbofan readings use their own table and keep label gaps", "[telemetry]") {
  test::TempDir dir;
  store::Database db({.path = dir / "t.db"});
  telemetry::TelemetryStore telemetry(db);
  const auto profile = profiles::turbofan_profile();
  Reading r;
  r.product_id = "FD001";
  r.unit_id = "7";
  r.timestamp = time::from_epoch_ms(3'600'000);
  r.step_index = 1;
  for (int i = 0; i < 24; ++i) r.values.push_back(i * 1.5);
  CHECK(telemetry.insert(profile, std::vector<Reading>{r}) == 1);
  const auto back = telemetry.history(profile, {"FD001", "7"});
  REQUIRE(back.size() == 1);
  CHECK(back[0].values == r.values);
  CHECK(back[0].step_index == 1);
  CHECK_FALSE(back[0].labels.rul.has_value());
  CHECK(telemetry.count(profiles::ai4i_profile()) == 0);

  r.values.pop_back();
  CHECK_THROWS_WITH(telemetry.insert(profile, std::vector<Reading>{r}),
                    "reading of FD001/7 has 23 values, profile turbofan has 24 sensors");
}
