// kill -9 under a fast MQTT stream: every reading the broker acknowledged to
// the publisher is in the database after a restart, once, because each
// message was journaled before the daemon's callback returned.
#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <thread>

#include "drivers/mqtt/mqtt_publisher.hpp"
#include "engine/store/sqlite.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mosquitto_broker.hpp"

using namespace aegis;
using namespace std::chrono_literals;
using test::DaemonProcess;
using test::HttpClient;
using test::MosquittoBroker;
using test::eventually;

namespace {

constexpr int kUnits = 10;
constexpr int kReadingsPerUnit = 2000;

std::string reading(int step) {
  char text[320];
  std::snprintf(text, sizeof text,
                R"({"ts":"2024-01-%02dT%02d:%02d:00Z","seq":%d,"engine_type":"L","air_temperature_K":298.1,)"
                R"("process_temperature_K":308.6,"rotational_speed_rpm":1551,"torque_Nm":42.8,"tool_wear_min":%d})",
                1 + step / 1440, (step / 60) % 24, step % 60, step + 1, step % 250);
  return text;
}

std::int64_t scalar(const DaemonProcess& daemon, const std::string& sql) {
  store::Connection db(daemon.dir() / "data" / "aegisd.db", {.read_only = true});
  store::Statement query(db, sql);
  query.step();
  return query.column_int(0);
}

}  // namespace

TEST_CASE("kill -9 mid-stream loses no reading the broker acknowledged, and stores none twice", "[mqtt][journal]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  MosquittoBroker broker;
  DaemonProcess daemon("mqtt:\n  broker: \"" + broker.uri() + "\"\n  client_id: gw-kill\n");
  REQUIRE(daemon.start());
  REQUIRE(daemon.mqtt_is("connected"));

  aegis::mqtt::MqttOptions options;
  options.broker_uri = broker.uri();
  options.client_id = "test-kill-sender";
  aegis::mqtt::MqttPublisher sender(options);
  sender.connect();
  std::thread publishing([&] {
    for (int step = 0; step < kReadingsPerUnit; ++step) {
      for (int unit = 0; unit < kUnits; ++unit) {
        sender.publish_async("aegis/L47181/K" + std::to_string(unit) + "/telemetry", reading(step));
      }
    }
    sender.flush();  // every message acknowledged by the broker
  });
  // Killed while the stream runs, with readings journaled and not yet committed.
  REQUIRE(eventually(60s, [&] { return scalar(daemon, "SELECT count(*) FROM telemetry") >= 3000; }));
  daemon.process().signal(SIGKILL);
  REQUIRE(daemon.process().wait(10s) == 128 + SIGKILL);
  publishing.join();
  CHECK(sender.acknowledged() == static_cast<std::uint64_t>(kUnits * kReadingsPerUnit));
  sender.disconnect();

  REQUIRE(daemon.start());
  const std::int64_t expected = kUnits * kReadingsPerUnit;
  CHECK(eventually(120s, [&] { return scalar(daemon, "SELECT count(*) FROM telemetry") == expected; }));
  CHECK(scalar(daemon, "SELECT count(*) FROM telemetry") == expected);
  // Each unit has every step once (the key makes a second row impossible;
  // the seqs say none is missing).
  CHECK(scalar(daemon, "SELECT count(DISTINCT unit_id || '/' || step_index) FROM telemetry") == expected);
  CHECK(scalar(daemon, "SELECT min(step_index) FROM telemetry") == 1);
  CHECK(scalar(daemon, "SELECT max(step_index) FROM telemetry") == kReadingsPerUnit);
  // The journal is trimmed once the database holds what it kept.
  CHECK(eventually(20s, [&] {
    const auto data = HttpClient(daemon.port()).get("/health").json()["data"];
    return data["ingest"]["queue_depth"] == 0;
  }));
}
