#include <catch2/catch.hpp>

#include <signal.h>

#include <future>
#include <thread>

#include "drivers/mqtt/mqtt_publisher.hpp"
#include "drivers/replay/replay.hpp"
#include "drivers/simulator/ai4i_timeseries_simulator.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/store/sqlite.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/mosquitto_broker.hpp"

using namespace aegis;
using namespace std::chrono_literals;
using test::DaemonProcess;
using test::HttpClient;
using test::MosquittoBroker;

namespace {

std::string mqtt_yaml(const MosquittoBroker& broker, const std::string& client_id) {
  return "mqtt:\n  broker: \"" + broker.uri() + "\"\n  client_id: " + client_id + "\n";
}

std::int64_t count_rows(const DaemonProcess& daemon, const std::string& table) {
  store::Connection db(daemon.dir() / "data" / "aegisd.db", {.read_only = true});
  store::Statement query(db, "SELECT count(*) FROM " + table);
  query.step();
  return query.column_int(0);
}

// Waits until the table holds `expected` rows; returns what it last saw.
std::int64_t wait_for_rows(const DaemonProcess& daemon, const std::string& table, std::int64_t expected,
                           std::chrono::seconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::int64_t seen = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    seen = count_rows(daemon, table);
    if (seen >= expected) return seen;
    std::this_thread::sleep_for(50ms);
  }
  return seen;
}

bool wait_for_mqtt(const DaemonProcess& daemon, const std::string& state, std::chrono::seconds limit = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (HttpClient(daemon.port()).get("/health").json()["data"]["mqtt"] == state) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::vector<telemetry::Reading> fleet(std::size_t machines, std::uint64_t seed = 3) {
  return simulator::simulate_timeseries({.seed = seed, .machines = machines});
}

replay::ReplayOptions replay_to(const MosquittoBroker& broker, double rate = 0) {
  replay::ReplayOptions options;
  options.broker = broker.uri();
  options.rate = rate;
  options.client_id = "test-replay";
  return options;
}

}  // namespace

TEST_CASE("Readings published over MQTT become exactly one row each with their values", "[mqtt]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon(mqtt_yaml(broker, "gw-e2e"));
  REQUIRE(daemon.start());
  REQUIRE(wait_for_mqtt(daemon, "connected"));
  const auto readings = fleet(6);
  const auto published = replay::replay(readings, profiles::ai4i_profile(), replay_to(broker));
  REQUIRE(published.published == readings.size());
  CHECK(wait_for_rows(daemon, "telemetry", static_cast<std::int64_t>(readings.size())) ==
        static_cast<std::int64_t>(readings.size()));

  // Values and timestamps arrive intact.
  const auto& sample = readings[readings.size() / 2];
  const auto rows = HttpClient(daemon.port())
                        .get("/units/" + sample.product_id + "/" + sample.unit_id + "/telemetry?limit=1&before=" +
                             time::format_iso8601(sample.timestamp).replace(19, 6, "Z"))
                        .json()["data"]["rows"];
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["timestamp"] == time::format_iso8601(sample.timestamp));
  CHECK(rows[0]["step_index"] == sample.step_index);
  CHECK(rows[0]["torque_Nm"].get<double>() == sample.values[3]);
  CHECK(rows[0]["tool_wear_min"].get<double>() == sample.values[4]);
  CHECK(rows[0]["engine_type"] == sample.engine_type);

  // A redelivered batch adds nothing, and the health page counts it.
  replay::replay(std::vector<telemetry::Reading>(readings.begin(), readings.begin() + 20), profiles::ai4i_profile(),
                 replay_to(broker));
  nlohmann::json ingest;
  for (int i = 0; i < 100; ++i) {
    ingest = HttpClient(daemon.port()).get("/health").json()["data"]["ingest"];
    if (ingest["duplicates"] == 20) break;
    std::this_thread::sleep_for(50ms);
  }
  CHECK(count_rows(daemon, "telemetry") == static_cast<std::int64_t>(readings.size()));
  CHECK(ingest["duplicates"] == 20);
  CHECK(ingest["committed_rows"] == readings.size());
  CHECK(ingest["received"] == readings.size() + 20);
}

TEST_CASE("Every class of bad payload is dead-lettered and the feed goes on", "[mqtt]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon(mqtt_yaml(broker, "gw-bad") + "ingest:\n  max_payload_bytes: 1024\n");
  REQUIRE(daemon.start());
  REQUIRE(wait_for_mqtt(daemon, "connected"));
  aegis::mqtt::MqttOptions options;
  options.broker_uri = broker.uri();
  options.client_id = "test-bad-sender";
  aegis::mqtt::MqttPublisher sender(options);
  sender.connect();
  const std::string good =
      R"({"ts":"2024-01-01T00:00:00Z","seq":1,"engine_type":"L","air_temperature_K":298.1,"process_temperature_K":308.6,)"
      R"("rotational_speed_rpm":1551,"torque_Nm":42.8,"tool_wear_min":0})";
  const std::vector<std::string> bad{
      "not json at all",
      R"({"seq":2,"air_temperature_K":298.1})",
      R"({"ts":"yesterday","air_temperature_K":298.1,"process_temperature_K":308.6,"rotational_speed_rpm":1551,"torque_Nm":42.8,"tool_wear_min":0})",
      R"({"ts":"2024-01-01T01:00:00Z","air_temperature_K":"hot","process_temperature_K":308.6,"rotational_speed_rpm":1551,"torque_Nm":42.8,"tool_wear_min":0})",
      R"({"ts":"2024-01-01T02:00:00Z","air_temperature_K":298.1,"process_temperature_K":308.6,"rotational_speed_rpm":1551,"torque_Nm":NaN,"tool_wear_min":0})",
      "[" + std::string(2000, ' ') + "]",
  };
  for (const auto& payload : bad) sender.publish("aegis/L47181/U1/telemetry", payload);
  sender.publish("aegis/L47181/U1/telemetry", good);
  sender.disconnect();

  CHECK(wait_for_rows(daemon, "dead_letter", 6) == 6);
  CHECK(wait_for_rows(daemon, "telemetry", 1) == 1);
  store::Connection db(daemon.dir() / "data" / "aegisd.db", {.read_only = true});
  store::Statement reasons(db, "SELECT source, topic, reason FROM dead_letter ORDER BY id");
  std::vector<std::string> seen;
  while (reasons.step()) {
    CHECK(reasons.column_text(0) == "mqtt");
    CHECK(reasons.column_text(1) == "aegis/L47181/U1/telemetry");
    seen.push_back(reasons.column_text(2));
  }
  REQUIRE(seen.size() == 6);
  CHECK_THAT(seen[0], Catch::StartsWith("payload is not JSON"));
  CHECK(seen[1] == "missing ts");
  CHECK_THAT(seen[2], Catch::StartsWith("invalid ts"));
  CHECK_THAT(seen[3], Catch::Contains("air_temperature_K"));
  CHECK_THAT(seen[4], Catch::StartsWith("payload is not JSON"));  // NaN is not JSON
  CHECK_THAT(seen[5], Catch::Contains("exceeds the limit of 1024"));
}

TEST_CASE("A broker restart mid-stream loses nothing published with QoS 1", "[mqtt]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon(mqtt_yaml(broker, "gw-broker-restart"));
  REQUIRE(daemon.start());
  REQUIRE(wait_for_mqtt(daemon, "connected"));
  const auto readings = fleet(8, 11);
  const auto half = static_cast<std::ptrdiff_t>(readings.size() / 2);
  replay::replay({readings.begin(), readings.begin() + half}, profiles::ai4i_profile(), replay_to(broker));
  broker.restart();
  REQUIRE(wait_for_mqtt(daemon, "connected"));
  replay::replay({readings.begin() + half, readings.end()}, profiles::ai4i_profile(), replay_to(broker));
  CHECK(wait_for_rows(daemon, "telemetry", static_cast<std::int64_t>(readings.size())) ==
        static_cast<std::int64_t>(readings.size()));
}

TEST_CASE("SIGTERM mid-stream and a restart lose nothing: the broker keeps the session", "[mqtt]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon(mqtt_yaml(broker, "gw-sigterm"));
  REQUIRE(daemon.start());
  REQUIRE(wait_for_mqtt(daemon, "connected"));
  const auto readings = fleet(10, 5);
  auto publishing = std::async(std::launch::async, [&] {
    return replay::replay(readings, profiles::ai4i_profile(), replay_to(broker, 1500));
  });
  std::this_thread::sleep_for(200ms);
  daemon.process().signal(SIGTERM);
  REQUIRE(daemon.process().wait(15s) == 0);
  const auto while_down = count_rows(daemon, "telemetry");
  std::this_thread::sleep_for(200ms);  // the stream goes on into the broker meanwhile
  REQUIRE(daemon.start());
  CHECK(publishing.get().published == readings.size());
  CHECK(while_down < static_cast<std::int64_t>(readings.size()));
  CHECK(wait_for_rows(daemon, "telemetry", static_cast<std::int64_t>(readings.size())) ==
        static_cast<std::int64_t>(readings.size()));
}

TEST_CASE("POST /telemetry accepts the same records over HTTP and names each rejection", "[mqtt]") {
  DaemonProcess daemon;
  REQUIRE(daemon.start());
  HttpClient client(daemon.port());
  const auto body = nlohmann::json::array({
      {{"product_id", "L47181"}, {"unit_id", "H1"}, {"ts", "2024-01-01T00:00:00Z"}, {"engine_type", "L"},
       {"air_temperature_K", 298.1}, {"process_temperature_K", 308.6}, {"rotational_speed_rpm", 1551},
       {"torque_Nm", 42.8}, {"tool_wear_min", 0}},
      {{"product_id", "L47181"}, {"unit_id", "H1"}, {"ts", 1704070800000LL}, {"engine_type", "L"},
       {"air_temperature_K", 298.2}, {"process_temperature_K", 308.7}, {"rotational_speed_rpm", 1408},
       {"torque_Nm", 46.3}, {"tool_wear_min", 3}},
      {{"unit_id", "H1"}, {"ts", "2024-01-01T02:00:00Z"}},
  });
  const auto answer = client.post("/telemetry", body.dump());
  REQUIRE(answer.status == 200);
  const auto data = answer.json()["data"];
  CHECK(data["accepted"] == 2);
  CHECK(data["rejected"] == 1);
  CHECK(data["rejections"][0]["index"] == 2);
  CHECK(data["rejections"][0]["reason"] == "missing product_id");
  // Answered after the commit: the rows are there.
  CHECK(count_rows(daemon, "telemetry") == 2);
  CHECK(count_rows(daemon, "dead_letter") == 1);
  const auto rows = client.get("/units/L47181/H1/telemetry").json()["data"]["rows"];
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["timestamp"] == "2024-01-01T01:00:00+00:00");  // epoch milliseconds accepted
  auto not_list = client.post("/telemetry", "{}");
  CHECK(not_list.status == 400);
  CHECK(not_list.json()["error"] == "Request body must be a JSON list of telemetry records");
}

TEST_CASE("Alerts for degrading units are stored and published over MQTT, none for healthy ones", "[mqtt]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon(mqtt_yaml(broker, "gw-alerts"));
  {
    store::Database db({.path = daemon.dir() / "data" / "aegisd.db"});
    models::ModelRegistry registry(db, daemon.dir() / "data" / "models");
    test::install_test_models(registry);
  }
  REQUIRE(daemon.start());
  REQUIRE(wait_for_mqtt(daemon, "connected"));
  test::ChildProcess subscriber({"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-q", "1",
                                 "-t", "aegis/+/+/alert", "-v", "-C", "1", "-W", "30"},
                                daemon.dir() / "alerts.log");
  std::this_thread::sleep_for(300ms);  // let the subscriber connect
  auto readings = test::unit_history("L47181", "FAILING", 60, true);
  const auto healthy = test::unit_history("L47181", "HEALTHY", 60, false);
  readings.insert(readings.end(), healthy.begin(), healthy.end());
  replay::replay(readings, profiles::ai4i_profile(), replay_to(broker, 2000));
  CHECK(wait_for_rows(daemon, "telemetry", 120) == 120);
  REQUIRE(subscriber.wait(30s) == 0);
  const std::string published = subscriber.log();
  CHECK_THAT(published, Catch::StartsWith("aegis/L47181/FAILING/alert "));
  const auto payload = nlohmann::json::parse(published.substr(published.find(' ') + 1));
  CHECK(payload["transition"] == "raised");
  const auto alerts = HttpClient(daemon.port()).get("/alerts").json()["data"];
  REQUIRE_FALSE(alerts.empty());
  for (const auto& alert : alerts) CHECK(alert["unit_id"] == "FAILING");
}
