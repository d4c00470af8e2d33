#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <thread>

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

std::size_t telemetry_rows(HttpClient& client, const std::string& unit = "H1") {
  return client.get("/units/L47181/" + unit + "/telemetry").json()["data"]["rows"].size();
}

// True once /metrics shows this many posts being stored and waiting (30 s at most).
bool posts_reach(HttpClient& observer, int running, int waiting) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    const std::string text = observer.get("/metrics").body;
    if (text.find("\naegis_telemetry_posts_running " + std::to_string(running) + "\n") != std::string::npos &&
        text.find("\naegis_telemetry_posts_waiting " + std::to_string(waiting) + "\n") != std::string::npos) {
      return true;
    }
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
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
  CHECK(stored.json()["data"]["duplicates"] == 0);
  CHECK(telemetry_rows(client) == 2);

  // A retry of a request that did succeed changes nothing, and says so.
  const auto retried = client.post("/telemetry", two_records().dump());
  REQUIRE(retried.status == 200);
  CHECK(retried.json()["data"]["accepted"] == 2);
  CHECK(retried.json()["data"]["duplicates"] == 2);
  CHECK(telemetry_rows(client) == 2);
}

TEST_CASE("POST /telemetry: a reading for a timestamp the unit already has is a duplicate, the first one stands",
          "[ingest]") {
  test::GatewayFixture gateway(nullptr, nullptr);
  HttpClient client(gateway.port());
  auto records = two_records();
  auto correction = records[0];
  correction["torque_Nm"] = 77.0;
  records.push_back(correction);  // the same unit and ts, in the same batch
  const auto first = client.post("/telemetry", records.dump());
  REQUIRE(first.status == 200);
  CHECK(first.json()["data"]["accepted"] == 3);
  CHECK(first.json()["data"]["duplicates"] == 1);
  const auto later = client.post("/telemetry", nlohmann::json::array({correction}).dump());
  CHECK(later.json()["data"]["duplicates"] == 1);
  CHECK(telemetry_rows(client) == 2);
  const auto product = records[0]["product_id"].get<std::string>();
  const auto unit = records[0]["unit_id"].get<std::string>();
  const auto rows = client.get("/units/" + product + "/" + unit + "/telemetry").json()["data"]["rows"];
  bool first_value_kept = false;
  for (const auto& row : rows) {
    if (row["torque_Nm"] == records[0]["torque_Nm"]) first_value_kept = true;
    CHECK(row["torque_Nm"] != 77.0);
  }
  CHECK(first_value_kept);
}

TEST_CASE("POST /telemetry waits for its commit off the HTTP threads: the API keeps answering meanwhile",
          "[ingest]") {
  // One HTTP thread, and a commit that waits up to 30 s for a locked database.
  test::GatewayFixture gateway(nullptr, [](config::Config& config) {
    config.http.threads = 1;
    config.storage.busy_timeout_ms = 30000;
  });
  store::Connection blocker(gateway.config().database_path(), {});
  blocker.exec("BEGIN EXCLUSIVE");
  HttpClient poster(gateway.port());
  poster.send_post("/telemetry", two_records().dump());

  // Answered while the post waits for its commit (the database is still
  // locked): the one HTTP thread is not held by it.
  HttpClient other(gateway.port());
  REQUIRE(posts_reach(other, 1, 0));
  CHECK(other.get("/health").status == 200);
  CHECK(other.get("/units").status == 200);

  blocker.exec("COMMIT");
  const auto stored = poster.read_response();
  REQUIRE(stored.status == 200);
  CHECK(stored.json()["data"]["accepted"] == 2);
  CHECK(telemetry_rows(other) == 2);
}

TEST_CASE("POST /telemetry answers 503 at once when too many requests already wait for the store", "[ingest]") {
  test::GatewayFixture gateway(nullptr, [](config::Config& config) { config.storage.busy_timeout_ms = 30000; });
  store::Connection blocker(gateway.config().database_path(), {});
  blocker.exec("BEGIN EXCLUSIVE");
  HttpClient observer(gateway.port());
  // Two posts being stored, then 32 waiting: the limit. Sent in two steps,
  // so that the first two have left the queue before it fills.
  std::vector<std::unique_ptr<HttpClient>> waiting;
  auto send = [&](int count) {
    for (int i = 0; i < count; ++i) {
      waiting.push_back(std::make_unique<HttpClient>(gateway.port()));
      waiting.back()->send_post("/telemetry", two_records().dump());
    }
  };
  send(2);
  REQUIRE(posts_reach(observer, 2, 0));
  send(32);
  REQUIRE(posts_reach(observer, 2, 32));
  HttpClient late(gateway.port());
  auto other_unit = two_records();
  for (auto& record : other_unit) record["unit_id"] = "H2";
  const auto refused = late.post("/telemetry", other_unit.dump());
  CHECK(refused.status == 503);
  CHECK(refused.header("Retry-After") == "1");
  CHECK(refused.json()["error"] == "Telemetry intake is busy (too many requests waiting for the store); retry shortly");

  blocker.exec("COMMIT");
  int stored = 0;
  for (auto& client : waiting) stored += client->read_response().status == 200 ? 1 : 0;
  CHECK(stored == 34);
  CHECK(telemetry_rows(late) == 2);
  CHECK(late.get("/units/L47181/H2/telemetry").status == 404);  // the refused post stored nothing
}

TEST_CASE("On a stop, POST /telemetry requests being stored finish and those still waiting are told to retry",
          "[ingest]") {
  test::GatewayFixture gateway(nullptr, [](config::Config& config) { config.storage.busy_timeout_ms = 30000; });
  store::Connection blocker(gateway.config().database_path(), {});
  blocker.exec("BEGIN EXCLUSIVE");
  HttpClient observer(gateway.port());
  std::vector<std::unique_ptr<HttpClient>> posts;
  for (int i = 0; i < 3; ++i) {
    posts.push_back(std::make_unique<HttpClient>(gateway.port()));
    posts.back()->send_post("/telemetry", two_records().dump());
    REQUIRE(posts_reach(observer, std::min(i + 1, 2), i < 2 ? 0 : 1));
  }
  std::thread stopper([&gateway] { gateway.stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the stop waits for the two being stored
  blocker.exec("COMMIT");
  CHECK(posts[0]->read_response().status == 200);
  CHECK(posts[1]->read_response().status == 200);
  const auto told = posts[2]->read_response();
  CHECK(told.status == 503);
  CHECK(told.json()["error"] == "Telemetry intake is shutting down");
  stopper.join();
  store::Connection db(gateway.config().database_path(), {.read_only = true});
  store::Statement rows(db, "SELECT count(*) FROM telemetry");
  REQUIRE(rows.step());
  CHECK(rows.column_int(0) == 2);
}

TEST_CASE("Seq gaps turn /health degraded with the units and counts, for ingest.seq_gap_degraded_s", "[ingest]") {
  test::GatewayFixture gateway(nullptr, [](config::Config& config) { config.ingest.seq_gap_degraded_s = 2; });
  HttpClient client(gateway.port());
  auto records = two_records();
  records[0]["seq"] = 1;
  records[1]["seq"] = 5;  // 2..4 never came
  REQUIRE(client.post("/telemetry", records.dump()).status == 200);
  auto data = client.get("/health").json()["data"];
  CHECK(data["status"] == "degraded");
  CHECK(data["ingest"]["seq_gaps"] == 3);
  REQUIRE(data["ingest"]["recent_seq_gaps"].size() == 1);
  const auto gap = data["ingest"]["recent_seq_gaps"][0];
  CHECK(gap["product_id"] == "L47181");
  CHECK(gap["unit_id"] == "H1");
  CHECK(gap["missing"] == 3);
  CHECK(gap["last_missing"] == "2..4");
  CHECK(time::parse_iso8601(gap["last_seen_at"].get<std::string>()));
  // After the configured time without a new gap, healthy again; the counter stays.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (client.get("/health").json()["data"]["status"] != "healthy" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  data = client.get("/health").json()["data"];
  CHECK(data["status"] == "healthy");
  CHECK(data["ingest"]["recent_seq_gaps"] == nlohmann::json::array());
  CHECK(data["ingest"]["seq_gaps"] == 3);
}
