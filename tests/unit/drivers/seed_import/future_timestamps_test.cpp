// A reading stamped far ahead of the gateway's clock is refused by the seed
// imports as live ingest refuses it, and named by its key or line.
#include <catch2/catch.hpp>

#include <fstream>

#include "drivers/seed_import/seed_telemetry_file.hpp"
#include "engine/imports/telemetry_import.hpp"
#include "engine/store/sqlite.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;

namespace {

constexpr const char* kColumns =
    "product_id, unit_id, timestamp, step_index, engine_type, air_temperature_K, process_temperature_K, "
    "rotational_speed_rpm, torque_Nm, tool_wear_min, is_failure, failure_type, synthetic_RUL";

struct Target {
  test::TempDir dir;
  store::Database database{{.path = dir / "aegisd.db"}};
  telemetry::TelemetryStore store{database};
  const profiles::SensorProfile profile = profiles::ai4i_profile();

  imports::TelemetryImportResult import(const std::filesystem::path& path) {
    auto file = seed_import::open_seed_telemetry(path, profile);
    // The gateway's clock at 2024-06-01: a day ahead is tolerated, 2099 is not.
    return imports::import_telemetry(store, profile, *file.source,
                                     {.now = *time::parse_iso8601("2024-06-01T00:00:00Z")});
  }
};

}  // namespace

TEST_CASE("seed imports refuse readings stamped in the future, naming the row", "[seed-import]") {
  Target target;

  SECTION("SQLite file: by key") {
    const auto path = target.dir / "seed.db";
    {
      store::Connection seed(path, {});
      seed.exec(std::string("CREATE TABLE telemetry (") + kColumns + ")");
      seed.exec(std::string("INSERT INTO telemetry (") + kColumns +
                ") VALUES ('P1', 'U1', '2024-05-31T12:00:00Z', 0, 'L', 300, 310, 1500, 40, 1, 0, 'No Failure', 90),"
                " ('P1', 'U1', '2099-01-01T00:00:00Z', 1, 'L', 300, 310, 1500, 40, 2, 0, 'No Failure', 89),"
                " ('P1', 'U1', '2024-06-01T23:00:00Z', 2, 'L', 300, 310, 1500, 40, 3, 0, 'No Failure', 88)");
    }
    const auto result = target.import(path);
    CHECK(result.rows_read == 3);
    CHECK(result.imported == 2);
    CHECK(result.rejected == 1);
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].where == "row (P1, U1, 2099-01-01T00:00:00Z)");
    CHECK(result.problems[0].reason == "timestamp is in the future: 2099-01-01T00:00:00+00:00");
  }
  SECTION("CSV: by line") {
    const auto path = target.dir / "telemetry.csv";
    std::ofstream(path) << "product_id,unit_id,timestamp,step_index,engine_type,air_temperature_K,"
                           "process_temperature_K,rotational_speed_rpm,torque_Nm,tool_wear_min,is_failure,"
                           "failure_type,synthetic_RUL\n"
                           "P1,U1,2024-05-31T12:00:00Z,0,L,300,310,1500,40,1,0,No Failure,90\n"
                           "P1,U1,2099-01-01T00:00:00+02:00,1,L,300,310,1500,40,2,0,No Failure,89\n";
    const auto result = target.import(path);
    CHECK(result.imported == 1);
    CHECK(result.rejected == 1);
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].where == "line 3");
    CHECK(result.problems[0].reason == "timestamp is in the future: 2098-12-31T22:00:00+00:00");
  }
}
