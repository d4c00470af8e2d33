#include "drivers/replay/replay.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "drivers/mqtt/mqtt_publisher.hpp"

namespace aegis::replay {
namespace {

std::string describe(const telemetry::Reading& reading) {
  return "reading " + reading.product_id + "/" + reading.unit_id + " seq " + std::to_string(reading.step_index);
}

void check_topic_level(const std::string& value, const char* field, const telemetry::Reading& reading) {
  if (value.empty() || value.find_first_of("/+#") != std::string::npos) {
    throw std::invalid_argument(describe(reading) + ": " + field +
                                " must be non-empty and free of '/', '+' and '#' to be a topic level");
  }
}

void check_reading(const telemetry::Reading& reading, const profiles::SensorProfile& profile) {
  check_topic_level(reading.product_id, "product_id", reading);
  check_topic_level(reading.unit_id, "unit_id", reading);
  if (reading.values.size() != profile.sensors.size()) {
    throw std::invalid_argument(describe(reading) + " has " + std::to_string(reading.values.size()) +
                                " values but profile " + profile.name + " has " +
                                std::to_string(profile.sensors.size()) + " sensors");
  }
}

// Replay order: by timestamp across units; equal timestamps keep the data
// set's order, so one unit's readings never overtake each other.
std::vector<std::size_t> timestamp_order(const std::vector<telemetry::Reading>& readings) {
  std::vector<std::size_t> order(readings.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return readings[a].timestamp < readings[b].timestamp;
  });
  return order;
}

}  // namespace

std::string telemetry_topic(const std::string& prefix, const telemetry::Reading& reading) {
  return prefix + "/" + reading.product_id + "/" + reading.unit_id + "/telemetry";
}

std::string telemetry_payload(const telemetry::Reading& reading, const profiles::SensorProfile& profile) {
  if (reading.values.size() != profile.sensors.size()) check_reading(reading, profile);
  // Ordered so a person reading the feed sees ts and seq first.
  nlohmann::ordered_json message;
  message["ts"] = time::format_iso8601(reading.timestamp);
  message["seq"] = reading.step_index;
  if (profile.has_engine_type && !reading.engine_type.empty()) message["engine_type"] = reading.engine_type;
  for (std::size_t i = 0; i < profile.sensors.size(); ++i) {
    if (std::isfinite(reading.values[i])) message[profile.sensors[i]] = reading.values[i];
  }
  if (reading.labels.is_failure) message["is_failure"] = *reading.labels.is_failure;
  if (reading.labels.failure_type) message["failure_type"] = *reading.labels.failure_type;
  if (reading.labels.rul && std::isfinite(*reading.labels.rul)) message["rul"] = *reading.labels.rul;
  return message.dump();
}

ReplayResult replay(const std::vector<telemetry::Reading>& readings, const profiles::SensorProfile& profile,
                    const ReplayOptions& options, const ReplayProgress& progress) {
  if (!(options.rate >= 0.0) || !std::isfinite(options.rate)) {
    throw std::invalid_argument("replay rate must be a finite number of messages per second >= 0");
  }
  // Everything is checked before the first message, so a bad row does not
  // leave half a data set on the broker.
  for (const auto& reading : readings) check_reading(reading, profile);

  mqtt::MqttOptions connection;
  connection.broker_uri = options.broker;
  connection.client_id = options.client_id;
  connection.topic_prefix = options.topic_prefix;
  connection.qos = options.qos;
  mqtt::MqttPublisher publisher(connection, options.max_inflight);
  publisher.connect();

  const auto order = timestamp_order(readings);
  const std::size_t total = order.size();
  const std::size_t report_every = std::max<std::size_t>(1, total / 100);
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t n = 0; n < total; ++n) {
    if (options.rate > 0.0) {
      // Paced against the start, not the previous message, so scheduling
      // jitter does not accumulate into a slower feed.
      const auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(static_cast<double>(n) / options.rate));
      std::this_thread::sleep_until(due);
    }
    const auto& reading = readings[order[n]];
    publisher.publish_async(telemetry_topic(options.topic_prefix, reading), telemetry_payload(reading, profile),
                            options.qos, false);
    if (progress && (n + 1) % report_every == 0 && n + 1 != total) progress(n + 1, total);
  }
  publisher.flush();
  publisher.disconnect();
  if (progress) progress(total, total);
  return ReplayResult{.published = total,
                      .elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)};
}

}  // namespace aegis::replay
