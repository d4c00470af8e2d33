// Do-nothing subscriber for the ingest benchmark (bench/ingest.sh): the same
// Paho async client, QoS 1 and persistent session (clean session off) as the
// daemon's intake, but the handler only counts. Its delivery rate is the
// ceiling the daemon's ingest rate is compared with.
//   bench_null_subscriber BROKER CLIENT_ID TOPIC_FILTER COUNT TIMEOUT_S
// COUNT 0 only creates the persistent session (subscribed, then disconnected),
// so the broker queues a backlog for the next run with the same client id.
// Prints "READY" once subscribed, then "BENCH received=N seconds=S rate=R"
// (first to last message) and "last_epoch_us=" (wall clock of the last one)
// when COUNT messages arrived or the timeout passed.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <thread>

#include <mqtt/async_client.h>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: bench_null_subscriber BROKER CLIENT_ID TOPIC_FILTER COUNT TIMEOUT_S\n";
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const std::uint64_t wanted = std::stoull(argv[4]);
  const auto deadline = Clock::now() + std::chrono::seconds(std::stoll(argv[5]));
  try {
    mqtt::async_client client(argv[1], argv[2]);
    std::atomic<std::uint64_t> received{0};
    std::atomic<Clock::rep> first{0}, last{0};
    std::atomic<std::int64_t> last_epoch_us{0};
    client.set_message_callback([&](mqtt::const_message_ptr) {
      const auto now = Clock::now().time_since_epoch().count();
      if (received.fetch_add(1) == 0) first = now;
      last = now;
      last_epoch_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    });
    mqtt::connect_options options;
    options.set_mqtt_version(MQTTVERSION_3_1_1);
    options.set_clean_session(false);
    options.set_keep_alive_interval(30);
    client.connect(options)->wait();
    client.subscribe(argv[3], 1)->wait();
    std::cout << "READY" << std::endl;
    while (received.load() < wanted && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double seconds = std::chrono::duration<double>(Clock::duration(last.load() - first.load())).count();
    const std::uint64_t count = received.load();
    std::cout << "BENCH received=" << count << " seconds=" << seconds
              << " rate=" << (seconds > 0 ? static_cast<double>(count) / seconds : 0.0)
              << " last_epoch_us=" << last_epoch_us.load() << std::endl;
    client.disconnect()->wait_for(std::chrono::seconds(5));
    return count >= wanted ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "null_subscriber: " << error.what() << '\n';
    return 1;
  }
}
