// The seed backend's telemetry, from its SQLite file (ISO timestamp text in
// every spelling it accepted, a few broken rows) or a CSV export, imported
// with `aegisd import-telemetry`: counts, parsed timestamps and the window
// features of a unit are checked against values worked out by hand, a
// second import adds nothing, and the imported unit is scored from its
// history over the API.
#include <catch2/catch.hpp>

#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "engine/features/seed_features.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "engine/store/database.hpp"
#include "engine/store/sqlite.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/aegisd_command.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;
using namespace aegis::test;
using namespace std::chrono_literals;

namespace {

// 2024-01-01T00:00:00Z
constexpr std::int64_t kStartSeconds = 1704067200;
constexpr int kRows = 60;

CommandRun aegisd(std::vector<std::string> args, const DaemonProcess& daemon) {
  args.insert(args.end(), {"--config", daemon.config_path()});
  return run_aegisd(args, daemon.dir().path(), 60s);
}

// The instant `seconds` written as the seed stored it: with Z, with an
// offset (the local time it names), or naive with a space (UTC).
std::string seed_timestamp(std::int64_t seconds, int style) {
  const int offset_minutes = style == 1 ? 150 : 0;  // +02:30, a half-hour zone
  const std::time_t local = static_cast<std::time_t>(seconds + offset_minutes * 60);
  std::tm parts{};
  gmtime_r(&local, &parts);
  char text[40];
  const char* format = style == 0 ? "%Y-%m-%dT%H:%M:%SZ" : style == 1 ? "%Y-%m-%dT%H:%M:%S+02:30" : "%Y-%m-%d %H:%M:%S";
  std::strftime(text, sizeof text, format, &parts);
  return text;
}

// Row i of the degrading unit: every sensor a straight line in i, so the
// window statistics have closed forms.
double air(int i) { return 298.0 + 0.1 * i; }
double process(int i) { return 308.0 + 0.1 * i; }
double speed(int i) { return 1500.0 + i; }
double torque(int i) { return 40.0 + 0.5 * i; }
double wear(int i) { return 2.0 * i; }

constexpr const char* kSeedSchema = R"sql(
CREATE TABLE telemetry (
  product_id TEXT NOT NULL, unit_id TEXT NOT NULL, timestamp TEXT NOT NULL, step_index INTEGER,
  engine_type TEXT, air_temperature_K REAL, process_temperature_K REAL, rotational_speed_rpm REAL,
  torque_Nm REAL, tool_wear_min REAL, is_failure INTEGER, failure_type TEXT, synthetic_RUL REAL,
  PRIMARY KEY (product_id, unit_id, timestamp));
)sql";

void write_seed_database(const std::filesystem::path& path) {
  store::Connection seed(path, {});
  seed.exec(kSeedSchema);
  store::Statement insert(seed, "INSERT INTO telemetry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto row = [&](const std::string& product, const std::string& unit, const std::string& stamp, int step,
                 auto air_value, auto process_value, auto speed_value, auto torque_value, auto wear_value) {
    insert.reset();
    insert.bind(1, product).bind(2, unit).bind(3, stamp).bind(4, step).bind(5, "L");
    insert.bind(6, air_value).bind(7, process_value).bind(8, speed_value).bind(9, torque_value).bind(10, wear_value);
    insert.bind(11, 0).bind(12, "No Failure").bind(13, 200.0 - step);
    insert.run();
  };
  for (int i = 0; i < kRows; ++i) {
    row("L47181", "UNIT_001", seed_timestamp(kStartSeconds + 3600 * i, i % 3), i, air(i), process(i), speed(i),
        torque(i), wear(i));
  }
  for (int i = 0; i < 5; ++i) {
    row("M14860", "UNIT_002", seed_timestamp(kStartSeconds + 3600 * i, 0), i, 300.0, 310.0, 1400.0, 35.0, 10.0 * i);
  }
  // Broken rows the seed let in.
  row("L47181", "UNIT_009", "yesterday", 0, 300.0, 310.0, 1400.0, 35.0, 1.0);
  row("L47181", "UNIT_009", "2024-01-01T00:00:00Z", 0, 300.0, 310.0, 1400.0, std::optional<double>(), 1.0);
  row("L47181", "UNIT_009", "2024-01-01T01:00:00Z", 1, 300.0, 310.0, "fast", 35.0, 1.0);
}

}  // namespace

TEST_CASE("import-telemetry brings a seed SQLite file and a CSV export into the store", "[seed-import]") {
  TempDir work;
  DaemonProcess daemon;
  write_seed_database(work / "seed.db");

  const auto first = aegisd({"import-telemetry", "--from", (work / "seed.db").string(), "--batch", "16"}, daemon);
  INFO(first.output);
  REQUIRE(first.code == 0);
  const auto report = first.json();
  CHECK(report["format"] == "sqlite");
  CHECK(report["rows_read"] == 68);
  CHECK(report["imported"] == 65);
  CHECK(report["already_present"] == 0);
  CHECK(report["rejected"] == 3);
  CHECK(report["units"] == 2);
  CHECK(report["rejections"] ==
        nlohmann::json::parse(R"json([
          {"where": "row (L47181, UNIT_009, yesterday)", "reason": "timestamp is not ISO 8601: 'yesterday'"},
          {"where": "row (L47181, UNIT_009, 2024-01-01T00:00:00Z)", "reason": "torque_Nm is missing"},
          {"where": "row (L47181, UNIT_009, 2024-01-01T01:00:00Z)", "reason": "rotational_speed_rpm is not a number: 'fast'"}
        ])json"));

  const auto again = aegisd({"import-telemetry", "--from", (work / "seed.db").string()}, daemon);
  REQUIRE(again.code == 0);
  CHECK(again.json()["imported"] == 0);
  CHECK(again.json()["already_present"] == 65);
  CHECK(again.json()["rejected"] == 3);

  const auto profile = profiles::ai4i_profile();
  {
    store::Database database({.path = daemon.dir() / "data" / "aegisd.db"});
    telemetry::TelemetryStore store(database);
    CHECK(store.count(profile) == 65);
    const auto history = store.history(profile, {"L47181", "UNIT_001"});
    REQUIRE(history.size() == kRows);
    for (int i = 0; i < kRows; ++i) {
      INFO("row " << i << " stored from '" << seed_timestamp(kStartSeconds + 3600 * i, i % 3) << "'");
      CHECK(time::to_epoch_ms(history[i].timestamp) == (kStartSeconds + 3600 * i) * 1000);
      CHECK(history[i].step_index == i);
      CHECK(history[i].values == std::vector<double>{air(i), process(i), speed(i), torque(i), wear(i)});
      CHECK(history[i].labels.rul.value_or(-1) == Approx(200.0 - i));
    }
    CHECK(history[59].engine_type == "L");
    CHECK(history[59].labels.failure_type == "No Failure");

    // The last 50 rows are i = 10..59; for a line a + b i: mean a + 34.5 b,
    // sample std |b| sqrt(50 * 51 / 12), min a + 10 b, max = last = a + 59 b,
    // trend b (per row). engine type L encodes as 1.
    const double spread = std::sqrt(50.0 * 51.0 / 12.0);
    const std::vector<double> expected = {
        301.45, 0.1 * spread, 299.0, 303.9, 303.9, 0.1,     // air_temperature_K
        311.45, 0.1 * spread, 309.0, 313.9, 313.9, 0.1,     // process_temperature_K
        1534.5, spread, 1510.0, 1559.0, 1559.0, 1.0,        // rotational_speed_rpm
        57.25, 0.5 * spread, 45.0, 69.5, 69.5, 0.5,         // torque_Nm
        69.0, 2.0 * spread, 20.0, 118.0, 118.0, 2.0,        // tool_wear_min
        1.0};
    const auto features = features::seed_feature_vector(profile, features::last_rows(history));
    REQUIRE(features.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(features::seed_feature_names(profile)[i]);
      CHECK(features[i] == Approx(expected[i]).epsilon(1e-12).margin(1e-9));
    }

    // Score the imported unit from its history over the API: the answer must
    // be the model's output on the vector above.
    models::ModelRegistry registry(database, daemon.dir() / "data" / "models");
    install_test_models(registry);
    const auto classifier = registry.get("xgb_classifier");
    const auto regressor = registry.get("xgb_regressor");
    const auto probability = classifier->booster.predict_row(scoring::to_floats(features)).at(0);
    const auto rul = regressor->booster.predict_row(scoring::to_floats(features)).at(0);

    REQUIRE(daemon.start());
    HttpClient client(daemon.port());
    const auto failure = client.post("/predict/classification",
                                     R"({"model_name": "xgb_classifier", "product_id": "L47181", "unit_id": "UNIT_001"})");
    INFO(failure.body);
    REQUIRE(failure.status == 200);
    CHECK(failure.json()["data"]["inputs_used"]["rows_used"] == 50);
    CHECK(failure.json()["data"]["probabilities"]["failure"].get<double>() == Approx(probability).margin(1e-6));
    const auto forecast =
        client.post("/predict/forecast", R"({"product_id": "L47181", "unit_id": "UNIT_001", "horizon_steps": 3})");
    REQUIRE(forecast.status == 200);
    CHECK(forecast.json()["data"]["current_rul_hours"].get<double>() == Approx(std::max(0.0F, rul)).margin(1e-4));
    CHECK(forecast.json()["data"]["baseline_timestamp"] == "2024-01-03T11:00:00+00:00");
  }

  // The same columns as CSV: a line with a bad value is named by its number.
  write_file(work / "export.csv",
             "product_id,unit_id,timestamp,step_index,engine_type,air_temperature_K,process_temperature_K,"
             "rotational_speed_rpm,torque_Nm,tool_wear_min,is_failure,failure_type,synthetic_RUL\n"
             "H29424,UNIT_003,2024-02-01T00:00:00Z,0,H,299.5,309.5,1450,38.5,3,0,No Failure,180\n"
             "H29424,UNIT_003,2024-02-01T03:00:00+02:00,1,H,299.6,309.6,1451,38.6,5,0,No Failure,179\n"
             "H29424,UNIT_003,2024-02-01T02:00:00,2,H,299.7,309.7,1452,oops,7,0,No Failure,178\n"
             "H29424,UNIT_003,2024-02-01 03:00:00,3,H,299.8,309.8,1453,38.8,9,1,Power Failure,\n"
             "H29424,UNIT_003,2024-02-01T04:00:00Z,4,H,299.9\n"
             "L47181,UNIT_001,2024-01-01T00:00:00Z,0,L,298,308,1500,40,0,0,No Failure,200\n");
  const auto csv = aegisd({"import-telemetry", "--from", (work / "export.csv").string()}, daemon);
  INFO(csv.output);
  REQUIRE(csv.code == 0);
  CHECK(csv.json()["format"] == "csv");
  CHECK(csv.json()["rows_read"] == 6);
  CHECK(csv.json()["imported"] == 3);
  CHECK(csv.json()["already_present"] == 1);  // UNIT_001's first row came from the seed file
  CHECK(csv.json()["rejections"] == nlohmann::json::parse(R"([
          {"where": "line 4", "reason": "torque_Nm is not a number: 'oops'"},
          {"where": "line 6", "reason": "expected 13 fields, found 6"}])"));
  CHECK(aegisd({"import-telemetry", "--from", (work / "export.csv").string()}, daemon).json()["imported"] == 0);

  HttpClient client(daemon.port());
  const auto rows = client.get("/units/H29424/UNIT_003/telemetry").json()["data"]["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["timestamp"] == "2024-02-01T03:00:00+00:00");
  CHECK(rows[0]["failure_type"] == "Power Failure");
  CHECK(rows[1]["timestamp"] == "2024-02-01T01:00:00+00:00");
  CHECK(rows[2]["timestamp"] == "2024-02-01T00:00:00+00:00");

  SECTION("a file that is not seed telemetry is refused with exit code 2") {
    write_file(work / "other.csv", "a,b,c\n1,2,3\n");
    const auto refused = aegisd({"import-telemetry", "--from", (work / "other.csv").string()}, daemon);
    CHECK(refused.code == 2);
    CHECK_THAT(refused.output, Catch::Contains("missing column 'product_id'"));
    const auto missing = aegisd({"import-telemetry", "--from", (work / "absent.db").string()}, daemon);
    CHECK(missing.code == 2);
    CHECK_THAT(missing.output, Catch::Contains("no such file"));
  }
}
