#include <catch2/catch.hpp>

#include <thread>

#include "drivers/mqtt/mqtt_publisher.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/mosquitto_broker.hpp"

using namespace aegis;
using namespace std::chrono_literals;
using test::DaemonProcess;
using test::HttpClient;
using test::MosquittoBroker;

namespace {

const std::map<std::string, std::string> kReader{{"X-API-Key", "reader-key-0001"}};
const std::map<std::string, std::string> kOperator{{"X-API-Key", "operator-key-01"},
                                                   {"Content-Type", "application/json"}};

std::string reading(const std::string& ts) {
  return R"({"ts":")" + ts +
         R"(","engine_type":"L","air_temperature_K":298.1,"process_temperature_K":308.6,)"
         R"("rotational_speed_rpm":1551,"torque_Nm":42.8,"tool_wear_min":0)";
}

// What the Prometheus client library's parser reads in a GET /metrics answer.
struct Scrape {
  nlohmann::json parsed;

  std::string type(const std::string& family) const {
    return parsed["families"].value(family, nlohmann::json{}).value("type", "");
  }
  // The value of the one sample with this name and these labels; NaN when
  // there is none.
  double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
    for (const auto& sample : parsed["samples"]) {
      if (sample["name"] == name && sample["labels"].get<std::map<std::string, std::string>>() == labels) {
        return sample["value"].get<double>();
      }
    }
    return std::nan("");
  }
};

Scrape scrape(const DaemonProcess& daemon) {
  const auto answer = HttpClient(daemon.port()).request(boost::beast::http::verb::get, "/metrics", "", kReader);
  REQUIRE(answer.status == 200);
  CHECK(answer.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  const auto text_file = daemon.dir() / "metrics.txt";
  const auto json_file = daemon.dir() / "metrics.json";
  test::write_file(text_file, answer.body);
  // Prometheus' own parser and lint: what a real scrape would refuse.
  REQUIRE(std::filesystem::exists(AEGIS_PROMTOOL));  // cross/install-deps.sh --test puts it there
  test::ChildProcess promtool({"/bin/sh", "-c", std::string(AEGIS_PROMTOOL) + " check metrics < " + text_file.string()},
                              daemon.dir() / "promtool.log");
  const auto checked = promtool.wait(30s);
  INFO(promtool.log());
  REQUIRE(checked == 0);
  test::ChildProcess python({"/usr/bin/python3", std::string(AEGIS_SOURCE_DIR) + "/tests/fixtures/parse_prometheus.py",
                             text_file.string(), json_file.string()},
                            daemon.dir() / "python.log");
  const auto code = python.wait(30s);
  INFO(python.log());
  REQUIRE(code == 0);
  return {nlohmann::json::parse(test::read_file(json_file))};
}

// Scrapes until the sample `name{labels}` reaches `expected` (20 s at most),
// so that what is on its way (a connection, readings in the ingest queue)
// has arrived.
Scrape scrape_when(const DaemonProcess& daemon, const std::string& name, double expected,
                   const std::map<std::string, std::string>& labels = {}) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  Scrape seen = scrape(daemon);
  while (seen.value(name, labels) != expected && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    seen = scrape(daemon);
  }
  return seen;
}

}  // namespace

TEST_CASE("GET /metrics: a Prometheus parser reads the gateway's ingest, MQTT, model and HTTP figures", "[metrics]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon("mqtt:\n  broker: \"" + broker.uri() +
                       "\"\n  client_id: gw-metrics\n"
                       "auth:\n  api_keys: [\"reader-key-0001:read\", \"operator-key-01:operate\"]\n");
  REQUIRE(daemon.start());
  HttpClient client(daemon.port());

  // Without a key: refused like every read route, and counted.
  const auto refused = client.get("/metrics");
  CHECK(refused.status == 401);
  CHECK(refused.json()["error"] == "Missing or unknown API key");

  // Over MQTT: one reading and one payload that is not JSON.
  scrape_when(daemon, "aegis_mqtt_state", 1, {{"state", "connected"}});
  aegis::mqtt::MqttOptions options;
  options.broker_uri = broker.uri();
  options.client_id = "metrics-sender";
  aegis::mqtt::MqttPublisher sender(options);
  sender.connect();
  sender.publish("aegis/L47181/M1/telemetry", reading("2024-01-01T00:00:00Z") + "}");
  sender.publish("aegis/L47181/M1/telemetry", "not json");
  sender.disconnect();

  // Over HTTP: two readings and one without its timestamp.
  const std::string body = "[" + reading("2024-01-01T00:00:00Z") + R"(,"product_id":"L47181","unit_id":"H1"},)" +
                           reading("2024-01-01T01:00:00Z") + R"(,"product_id":"L47181","unit_id":"H1"},)" +
                           R"({"product_id":"L47181","unit_id":"H1","torque_Nm":40}])";
  const auto posted = client.request(boost::beast::http::verb::post, "/telemetry", body, kOperator);
  REQUIRE(posted.status == 200);
  CHECK(posted.json()["data"]["accepted"] == 2);

  scrape_when(daemon, "aegis_ingest_committed_rows_total", 3);
  // The telemetry thread counts itself done only after its answer is on
  // the way, so the client may hear it a moment before the gauge falls.
  const Scrape metrics = scrape_when(daemon, "aegis_telemetry_posts_running", 0);
  CHECK(metrics.type("aegis_ingest_committed_rows") == "counter");
  CHECK(metrics.value("aegis_ingest_committed_rows_total") == 3);
  CHECK(metrics.value("aegis_ingest_received_total") == 3);
  CHECK(metrics.value("aegis_ingest_rejected_total") == 2);
  CHECK(metrics.value("aegis_ingest_messages_total") == 3);  // two MQTT messages, one HTTP body
  CHECK(metrics.value("aegis_ingest_duplicates_total") == 0);
  CHECK(metrics.value("aegis_ingest_dropped_rows_total") == 0);
  CHECK(metrics.type("aegis_ingest_queue_depth") == "gauge");
  CHECK(metrics.value("aegis_ingest_queue_depth") == 0);
  CHECK(metrics.value("aegis_ingest_held") == 0);
  const double now_s =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(metrics.value("aegis_ingest_last_new_row_timestamp_seconds") > now_s - 60);
  CHECK(metrics.value("aegis_ingest_last_new_row_timestamp_seconds") <= now_s);
  // Nothing is being written now: the files are as the scrape saw them.
  const auto db = daemon.dir() / "data" / "aegisd.db";
  double files = 0;
  for (const auto& file : {db.string(), db.string() + "-wal", db.string() + "-shm"}) {
    if (std::filesystem::exists(file)) files += static_cast<double>(std::filesystem::file_size(file));
  }
  CHECK(metrics.value("aegis_database_bytes") == files);
  const auto space = std::filesystem::space(daemon.dir().path());
  CHECK(metrics.value("aegis_database_disk_available_bytes") > 0);
  CHECK(metrics.value("aegis_database_disk_available_bytes") <= static_cast<double>(space.capacity));
  CHECK(metrics.value("aegis_telemetry_posts_running") == 0);
  CHECK(metrics.value("aegis_telemetry_posts_waiting") == 0);
  CHECK(metrics.value("aegis_copilot_questions_waiting") == 0);
  CHECK(metrics.value("aegis_ingest_queue_capacity") == 20000);

  CHECK(metrics.value("aegis_mqtt_state", {{"state", "connected"}}) == 1);
  CHECK(metrics.value("aegis_mqtt_state", {{"state", "disabled"}}) == 0);
  CHECK(metrics.value("aegis_mqtt_messages_received_total") == 2);
  CHECK(metrics.value("aegis_mqtt_connect_failures_total") == 0);
  CHECK(metrics.value("aegis_mqtt_decode_errors_total") == 0);
  CHECK(metrics.value("aegis_mqtt_session_present") == 0);  // a new client id: the broker had no session for it

  CHECK(metrics.value("aegis_build_info", {{"version", AEGIS_VERSION}}) == 1);
  CHECK(metrics.value("aegis_database_up") == 1);
  CHECK(metrics.type("aegis_model_promoted_info") == "gauge");

  CHECK(metrics.type("aegis_http_requests") == "counter");
  CHECK(metrics.value("aegis_http_requests_total", {{"method", "GET"}, {"route", "/metrics"}, {"status", "401"}}) == 1);
  CHECK(metrics.value("aegis_http_requests_total", {{"method", "POST"}, {"route", "/telemetry"}, {"status", "200"}}) ==
        1);
  CHECK(metrics.type("aegis_http_request_duration_seconds") == "histogram");
  CHECK(metrics.value("aegis_http_request_duration_seconds_count", {{"method", "POST"}, {"route", "/telemetry"}}) == 1);
  CHECK(metrics.value("aegis_http_request_duration_seconds_bucket",
                      {{"method", "POST"}, {"route", "/telemetry"}, {"le", "+Inf"}}) == 1);
}

TEST_CASE("GET /metrics names the promoted version of each model and counts those loaded", "[metrics]") {
  std::map<std::string, std::string> promoted;
  test::GatewayFixture gateway([&promoted](store::Database&, models::ModelRegistry& registry) {
    test::install_test_models(registry);
    for (const auto& record : registry.promoted()) promoted[record.model_name] = record.version;
  });
  REQUIRE(promoted.size() == 3);
  HttpClient client(gateway.port());
  const auto scored = client.post("/predict/classification",
                                  R"({"model_name":"xgb_classifier","product_id":"P","unit_id":"U",)"
                                  R"("features":{"torque_Nm_mean":61.2}})");
  REQUIRE(scored.status == 200);

  const std::string text = client.get("/metrics").body;
  for (const auto& [name, version] : promoted) {
    CHECK_THAT(text, Catch::Contains("aegis_model_promoted_info{model_name=\"" + name + "\",version=\"" + version +
                                     "\"} 1\n"));
  }
  CHECK_THAT(text, Catch::Contains("\naegis_models_cached 1\n"));
  // No reading has been stored since start: the family has no sample.
  CHECK_THAT(text, Catch::Contains("# TYPE aegis_ingest_last_new_row_timestamp_seconds gauge\n# HELP"));
}
