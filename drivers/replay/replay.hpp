#pragma once
// Publishing a data set (AI4I time series, C-MAPSS) as a live MQTT sensor
// feed: every reading becomes one SPEC 5 telemetry message on
// `<prefix>/<product_id>/<unit_id>/telemetry`, in timestamp order across
// units, at a chosen rate.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::replay {

struct ReplayOptions {
  std::string broker = "tcp://127.0.0.1:1883";
  std::string topic_prefix = "aegis";
  double rate = 0.0;  // messages per second; 0 = as fast as the broker acknowledges
  int qos = 1;
  std::string client_id = "aegis-replay";
  std::size_t max_inflight = 1000;  // unacknowledged messages allowed at once
};

struct ReplayResult {
  std::size_t published = 0;  // all of them acknowledged by the broker (QoS >= 1)
  std::chrono::milliseconds elapsed{0};
};

// Called now and then (about every 1 % and at the end) with the number of
// messages published so far and the total.
using ReplayProgress = std::function<void(std::size_t published, std::size_t total)>;

// Connects, publishes every reading, waits for every acknowledgement and
// disconnects. Throws aegis::mqtt::MqttError when the broker cannot be
// reached or stops acknowledging, std::invalid_argument for a negative rate
// or a reading that does not fit the profile (before anything is sent).
ReplayResult replay(const std::vector<telemetry::Reading>& readings, const profiles::SensorProfile& profile,
                    const ReplayOptions& options, const ReplayProgress& progress = {});

// `<prefix>/<product_id>/<unit_id>/telemetry`.
std::string telemetry_topic(const std::string& prefix, const telemetry::Reading& reading);

// The SPEC 5 JSON object for one reading: "ts" (ISO 8601), "seq" (the step
// index), "engine_type" when the profile has one, every sensor by name
// (non-finite values are left out, as a sensor that has no value sends
// none), then the labels the reading carries (is_failure, failure_type, rul).
// Throws std::invalid_argument when the reading has not one value per
// sensor of the profile.
std::string telemetry_payload(const telemetry::Reading& reading, const profiles::SensorProfile& profile);

}  // namespace aegis::replay
