#include <catch2/catch.hpp>

#include <thread>

#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"

using namespace aegis;
using test::HttpClient;

namespace {

test::GatewayFixture gateway_with_units() {
  return test::GatewayFixture([](store::Database& db, models::ModelRegistry&) {
    telemetry::TelemetryStore store(db);
    store.insert(profiles::ai4i_profile(), test::unit_history("L47181", "UNIT_A", 30, false));
    store.insert(profiles::ai4i_profile(), test::unit_history("M14860", "UNIT_B", 5, true));
  });
}

}  // namespace

TEST_CASE("GET /units lists every unit with its reading count and last reading time", "[units]") {
  auto gateway = gateway_with_units();
  HttpClient client(gateway.port());
  const auto units = client.get("/units").json()["data"];
  REQUIRE(units.size() == 2);
  CHECK(units[0] == nlohmann::json{{"product_id", "L47181"}, {"unit_id", "UNIT_A"}, {"profile", "ai4i"}, {"readings", 30},
                                   {"first_reading_at", "2024-01-01T00:00:00+00:00"},
                                   {"last_reading_at", "2024-01-02T05:00:00+00:00"},
                                   {"latest_scores", nullptr}});  // no model, nothing streamed yet
  CHECK(units[1]["unit_id"] == "UNIT_B");
  CHECK(units[1]["readings"] == 5);
}

TEST_CASE("GET /units/{p}/{u}/telemetry returns the newest rows, bounded by limit and before", "[units]") {
  auto gateway = gateway_with_units();
  HttpClient client(gateway.port());
  const auto all = client.get("/units/L47181/UNIT_A/telemetry").json()["data"];
  CHECK(all["profile"] == "ai4i");
  REQUIRE(all["rows"].size() == 30);
  CHECK(all["rows"][0]["timestamp"] == "2024-01-02T05:00:00+00:00");  // newest first
  CHECK(all["rows"][0]["step_index"] == 29);
  CHECK(all["rows"][0]["engine_type"] == "L");
  CHECK(all["rows"][0].contains("torque_Nm"));

  const auto limited = client.get("/units/L47181/UNIT_A/telemetry?limit=3&before=2024-01-01T10:00:00Z").json()["data"];
  REQUIRE(limited["rows"].size() == 3);
  CHECK(limited["rows"][0]["timestamp"] == "2024-01-01T10:00:00+00:00");
  CHECK(limited["rows"][2]["timestamp"] == "2024-01-01T08:00:00+00:00");
  // An offset typed into the URL: its '+' arrives as a space, and is read as '+'.
  for (const char* before : {"2024-01-01T11:00:00%2B01:00", "2024-01-01T11:00:00+01:00"}) {
    const auto offset = client.get(std::string("/units/L47181/UNIT_A/telemetry?limit=1&before=") + before);
    REQUIRE(offset.status == 200);
    CHECK(offset.json()["data"]["rows"][0]["timestamp"] == "2024-01-01T10:00:00+00:00");
  }

  auto unknown = client.get("/units/L47181/NOPE/telemetry");
  CHECK(unknown.status == 404);
  CHECK(unknown.json()["error"] == "No telemetry found for product_id=L47181, unit_id=NOPE");
  auto bad_limit = client.get("/units/L47181/UNIT_A/telemetry?limit=0");
  CHECK(bad_limit.status == 400);
  CHECK(bad_limit.json()["error"] == "limit must be an integer between 1 and 1000");
  auto bad_time = client.get("/units/L47181/UNIT_A/telemetry?before=soon");
  CHECK(bad_time.status == 400);
  CHECK(bad_time.json()["error"] == "Invalid timestamp format: soon");
}

TEST_CASE("Retention removes telemetry older than storage.retention_days and keeps the rest", "[units]") {
  auto gateway = test::GatewayFixture(
      [](store::Database& db, models::ModelRegistry&) {
        telemetry::TelemetryStore store(db);
        store.insert(profiles::ai4i_profile(), test::unit_history("OLD", "U", 10, false));  // January 2024
        auto recent = test::unit_history("NEW", "U", 10, false);
        for (std::size_t i = 0; i < recent.size(); ++i) {
          recent[i].timestamp = time::now() - std::chrono::hours(static_cast<int>(i) + 1);
        }
        store.insert(profiles::ai4i_profile(), recent);
      },
      [](config::Config& config) { config.storage.retention_days = 30; });
  HttpClient client(gateway.port());
  nlohmann::json units;
  for (int i = 0; i < 100; ++i) {
    units = client.get("/units").json()["data"];
    if (units.size() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(units.size() == 1);
  CHECK(units[0]["product_id"] == "NEW");
  CHECK(units[0]["readings"] == 10);
}
