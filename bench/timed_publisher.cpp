// Publisher for the ingest benchmark (bench/ingest.sh): generated AI4I-style
// readings, QoS 1, at a fixed rate or as fast as the broker acknowledges.
// Reading i goes to unit (i % units) with ts = base_ms + i, so every reading
// is unique and max(timestamp) of a unit tells which index was committed.
// With --log, the wall-clock publish time of every reading of unit 0 (the
// probe unit) is written as "index epoch_us", which is what the latency
// poller joins against.
//   bench_timed_publisher --broker URI --client-id ID --count N --units U
//       --base-ms B [--rate R] [--prefix TOPIC_PREFIX] [--product P] [--window W] [--log FILE]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>

#include "drivers/mqtt/mqtt_options.hpp"
#include "drivers/mqtt/mqtt_publisher.hpp"

namespace {

struct Arguments {
  std::string broker, client_id, prefix = "aegis", product = "bench", log_path;
  std::uint64_t count = 0, units = 1, rate = 0, window = 1000;
  std::int64_t base_ms = 0;
};

Arguments parse(int argc, char** argv) {
  std::map<std::string, std::string> values;
  for (int i = 1; i + 1 < argc; i += 2) values[argv[i]] = argv[i + 1];
  if (argc % 2 == 0) throw std::runtime_error("options come in pairs: --name value");
  auto need = [&](const std::string& key) {
    auto found = values.find(key);
    if (found == values.end()) throw std::runtime_error("missing option " + key);
    return found->second;
  };
  Arguments a;
  a.broker = need("--broker");
  a.client_id = need("--client-id");
  a.count = std::stoull(need("--count"));
  a.units = std::stoull(need("--units"));
  a.base_ms = std::stoll(need("--base-ms"));
  if (values.contains("--rate")) a.rate = std::stoull(values["--rate"]);
  if (values.contains("--window")) a.window = std::stoull(values["--window"]);
  if (values.contains("--product")) a.product = values["--product"];
  if (values.contains("--prefix")) a.prefix = values["--prefix"];
  if (values.contains("--log")) a.log_path = values["--log"];
  if (a.units == 0) throw std::runtime_error("--units must be positive");
  return a;
}

std::string payload(std::uint64_t index, std::int64_t ts_ms) {
  // Plausible AI4I values that vary a little, so nothing is constant-folded.
  const double wobble = static_cast<double>(index % 97) / 97.0;
  char text[320];
  std::snprintf(text, sizeof text,
                "{\"ts\":%lld,\"seq\":%llu,\"engine_type\":\"M\",\"air_temperature_K\":%.2f,"
                "\"process_temperature_K\":%.2f,\"rotational_speed_rpm\":%.0f,\"torque_Nm\":%.2f,"
                "\"tool_wear_min\":%.0f,\"is_failure\":0,\"failure_type\":\"No Failure\"}",
                static_cast<long long>(ts_ms), static_cast<unsigned long long>(index), 298.0 + wobble,
                308.5 + wobble, 1500.0 + 50.0 * wobble, 40.0 + 5.0 * wobble, static_cast<double>(index % 240));
  return text;
}

std::int64_t now_epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Arguments args = parse(argc, argv);
    aegis::mqtt::MqttOptions options;
    options.broker_uri = args.broker;
    options.client_id = args.client_id;
    options.ack_timeout = std::chrono::seconds(60);
    aegis::mqtt::MqttPublisher publisher(options, args.window);
    publisher.connect();

    std::ofstream log;
    if (!args.log_path.empty()) log.open(args.log_path);
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t start_epoch_us = now_epoch_us();
    for (std::uint64_t i = 0; i < args.count; ++i) {
      if (args.rate > 0) {
        const auto due = start + std::chrono::microseconds(i * 1000000 / args.rate);
        std::this_thread::sleep_until(due);
      }
      const std::uint64_t unit = i % args.units;
      const std::string topic = args.prefix + "/" + args.product + "/u" + std::to_string(unit) + "/telemetry";
      if (log.is_open() && unit == 0) log << i << ' ' << now_epoch_us() << '\n';
      publisher.publish_async(topic, payload(i, args.base_ms + static_cast<std::int64_t>(i)), 1);
    }
    publisher.flush();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    publisher.disconnect();
    std::cout << "BENCH published=" << args.count << " seconds=" << seconds
              << " rate=" << static_cast<double>(args.count) / seconds << " start_epoch_us=" << start_epoch_us
              << std::endl;
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "timed_publisher: " << error.what() << '\n';
    return 1;
  }
}
