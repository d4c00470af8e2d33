#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "drivers/mqtt/mqtt_options.hpp"
#include "drivers/replay/replay.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/unit/drivers/mqtt/topic_recorder.hpp"

using namespace std::chrono_literals;
using aegis::telemetry::Reading;
using aegis::test::MosquittoBroker;

namespace {

Reading ai4i_reading(const std::string& unit, std::int64_t minute, std::int64_t seq) {
  Reading reading;
  reading.product_id = "ai4i";
  reading.unit_id = unit;
  reading.timestamp = aegis::time::from_epoch_ms(1704103200000 + minute * 60000);  // 2024-01-01T10:00Z
  reading.step_index = seq;
  reading.engine_type = "L";
  reading.values = {298.1, 308.6, 1551.0, 42.8, static_cast<double>(seq)};
  return reading;
}

}  // namespace

TEST_CASE("Replay payloads are SPEC 5 telemetry objects", "[replay]") {
  auto reading = ai4i_reading("M-001", 0, 42);
  const auto profile = aegis::profiles::ai4i_profile();
  CHECK(aegis::replay::telemetry_payload(reading, profile) ==
        R"({"ts":"2024-01-01T10:00:00+00:00","seq":42,"engine_type":"L","air_temperature_K":298.1,)"
        R"("process_temperature_K":308.6,"rotational_speed_rpm":1551.0,"torque_Nm":42.8,"tool_wear_min":42.0})");
  reading.labels = {.is_failure = 1, .failure_type = "Tool Wear Failure", .rul = 0.0};
  reading.values[3] = std::nan("");  // no reading from that sensor
  CHECK(aegis::replay::telemetry_payload(reading, profile) ==
        R"({"ts":"2024-01-01T10:00:00+00:00","seq":42,"engine_type":"L","air_temperature_K":298.1,)"
        R"("process_temperature_K":308.6,"rotational_speed_rpm":1551.0,"tool_wear_min":42.0,)"
        R"("is_failure":1,"failure_type":"Tool Wear Failure","rul":0.0})");
  CHECK(aegis::replay::telemetry_topic("aegis", reading) == "aegis/ai4i/M-001/telemetry");

  Reading engine;
  engine.product_id = "turbofan";
  engine.unit_id = "FD001-1";
  engine.timestamp = aegis::time::from_epoch_ms(1704103200500);
  engine.step_index = 1;
  engine.engine_type = "ignored";
  engine.values.assign(24, 1.5);
  engine.labels.rul = 191.0;
  const auto json = nlohmann::json::parse(aegis::replay::telemetry_payload(engine, aegis::profiles::turbofan_profile()));
  CHECK(json.at("ts") == "2024-01-01T10:00:00.500+00:00");
  CHECK_FALSE(json.contains("engine_type"));  // the profile has none
  CHECK(json.at("s21") == 1.5);
  CHECK(json.at("rul") == 191.0);
  CHECK(json.size() == 2 + 24 + 1);
}

TEST_CASE("Replay refuses readings that do not fit, before sending anything", "[replay]") {
  auto reading = ai4i_reading("M-001", 0, 1);
  reading.values.pop_back();
  aegis::replay::ReplayOptions options;
  options.broker = "tcp://127.0.0.1:1";  // never reached
  CHECK_THROWS_WITH(aegis::replay::replay({reading}, aegis::profiles::ai4i_profile(), options),
                    "reading ai4i/M-001 seq 1 has 4 values but profile ai4i has 5 sensors");
  reading = ai4i_reading("M/1", 0, 1);
  CHECK_THROWS_WITH(aegis::replay::replay({reading}, aegis::profiles::ai4i_profile(), options),
                    "reading ai4i/M/1 seq 1: unit_id must be non-empty and free of '/', '+' and '#' to be a topic level");
  options.rate = -1;
  CHECK_THROWS_WITH(aegis::replay::replay({}, aegis::profiles::ai4i_profile(), options),
                    "replay rate must be a finite number of messages per second >= 0");
}

TEST_CASE("Replay publishes every reading, in timestamp order across units", "[replay]") {
  if (!MosquittoBroker::available()) {
    WARN("mosquitto absent: skipped");
    return;
  }
  MosquittoBroker broker;
  aegis::test::TopicRecorder recorder(broker.uri(), "plant/+/+/telemetry", "watch-replay");
  // Two units, each in its own time order, interleaved in time.
  std::vector<Reading> readings;
  const int per_unit = 300;
  for (int i = 0; i < per_unit; ++i) readings.push_back(ai4i_reading("M-A", 2 * i, i));
  for (int i = 0; i < per_unit; ++i) readings.push_back(ai4i_reading("M-B", 2 * i + 1, i));
  aegis::replay::ReplayOptions options;
  options.broker = broker.uri();
  options.topic_prefix = "plant";
  std::vector<std::size_t> progress;
  const auto result = aegis::replay::replay(readings, aegis::profiles::ai4i_profile(), options,
                                            [&](std::size_t done, std::size_t total) {
                                              CHECK(total == readings.size());
                                              progress.push_back(done);
                                            });
  CHECK(result.published == readings.size());
  REQUIRE_FALSE(progress.empty());
  CHECK(progress.back() == readings.size());
  CHECK(std::is_sorted(progress.begin(), progress.end()));
  REQUIRE(recorder.wait_for_count(readings.size()));
  const auto messages = recorder.messages();
  REQUIRE(messages.size() == readings.size());
  std::int64_t previous_ts = 0;
  for (std::size_t n = 0; n < messages.size(); ++n) {
    const auto& [topic, payload] = messages[n];
    const auto json = nlohmann::json::parse(payload);
    const auto ts = aegis::time::parse_iso8601(json.at("ts").get<std::string>());
    REQUIRE(ts);
    CHECK(aegis::time::to_epoch_ms(*ts) > previous_ts);
    previous_ts = aegis::time::to_epoch_ms(*ts);
    const bool unit_a = n % 2 == 0;
    CHECK(topic == (unit_a ? "plant/ai4i/M-A/telemetry" : "plant/ai4i/M-B/telemetry"));
    CHECK(json.at("seq") == static_cast<std::int64_t>(n / 2));
    CHECK(json.at("engine_type") == "L");
    CHECK(json.at("tool_wear_min") == static_cast<double>(n / 2));
  }
}

TEST_CASE("Replay paces messages at the requested rate", "[replay]") {
  if (!MosquittoBroker::available()) return;
  MosquittoBroker broker;
  std::vector<Reading> readings;
  for (int i = 0; i < 21; ++i) readings.push_back(ai4i_reading("M-R", i, i));
  aegis::replay::ReplayOptions options;
  options.broker = broker.uri();
  options.rate = 100.0;
  const auto result = aegis::replay::replay(readings, aegis::profiles::ai4i_profile(), options);
  CHECK(result.published == 21);
  CHECK(result.elapsed >= 200ms);  // 20 gaps of 10 ms
  CHECK(result.elapsed < 1000ms);
}

// Not part of the suite: `test_drivers "[.replay-throughput]" -s` prints msgs/s.
TEST_CASE("Replay throughput to a loopback broker", "[.replay-throughput]") {
  MosquittoBroker broker;
  std::vector<Reading> readings;
  const int n = 50000;
  for (int i = 0; i < n; ++i) readings.push_back(ai4i_reading("M-" + std::to_string(i % 50), i, i / 50));
  aegis::replay::ReplayOptions options;
  options.broker = broker.uri();
  const auto result = aegis::replay::replay(readings, aegis::profiles::ai4i_profile(), options);
  const double seconds = static_cast<double>(result.elapsed.count()) / 1000.0;
  WARN("replayed " << result.published << " QoS 1 messages in " << seconds << " s: "
                   << static_cast<double>(result.published) / seconds << " msgs/s");
}
