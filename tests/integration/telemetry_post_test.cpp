#include <catch2/catch.hpp>

#include "engine/store/sqlite.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis;
using test::HttpClient;

namespace {

nlohmann::json two_records() {
  return nlohmann::json::array({
      {{"product_id", "L47181"}, {"unit_id", "H1"}, {"ts", "2024-01-01T00:00:00Z"}, {"engine_type", "L"},
       {"air_temperature_K", 298.1}, {"process_temperature_K", 308.6}, {"rotational_speed_rpm", 1551},
       {"torque_Nm", 42.8}, {"tool_wear_min", 0}},
      {{"product_id", "L47181"}, {"unit_id", "H1"}, {"ts", "2024-01-01T01:00:00Z"}, {"engine_type", "L"},
       {"air_temperature_K", 298.2}, {"process_temperature_K", 308.7}, {"rotational_speed_rpm", 1408},
       {"torque_Nm", 46.3}, {"tool_wear_min", 3}},
  });
}

std::size_t telemetry_rows(HttpClient& client) {
  return client.get("/units/L47181/H1/telemetry").json()["data"]["rows"].size();
}

}  // namespace

TEST_CASE("POST /telemetry answers 503 when the commit fails after its retries, and a retry stores each record once",
          "[ingest]") {
  test::GatewayFixture gateway(nullptr, [](config::Config& config) { config.storage.busy_timeout_ms = 0; });
  HttpClient client(gateway.port());

  // Another process holds the database's write lock: every commit attempt
  // of the pipeline fails (SQLITE_BUSY at once, busy timeout 0).
  store::Connection blocker(gateway.config().database_path(), {});
  blocker.exec("BEGIN EXCLUSIVE");
  const auto refused = client.post("/telemetry", two_records().dump());
  CHECK(refused.status == 503);
  CHECK(refused.json()["error"] == "Telemetry could not be stored (2 of 2 accepted records); retry the request");
  blocker.exec("COMMIT");
  CHECK(telemetry_rows(client) == 0);

  const auto stored = client.post("/telemetry", two_records().dump());
  REQUIRE(stored.status == 200);
  CHECK(stored.json()["data"]["accepted"] == 2);
  CHECK(telemetry_rows(client) == 2);

  // A retry of a request that did succeed changes nothing.
  REQUIRE(client.post("/telemetry", two_records().dump()).status == 200);
  CHECK(telemetry_rows(client) == 2);
}
