#pragma once
// Alerts out to the plant's broker, on <prefix>/<product_id>/<unit_id>/alert
// with QoS 1, from a thread of their own so that a slow or absent broker never
// holds up ingest and scoring. Alerts are already stored in the database
// before they get here; this queue is bounded, and when it overflows the
// oldest alerts are dropped from it (counted and logged), never from the
// table.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/mqtt/backoff.hpp"
#include "drivers/mqtt/mqtt_options.hpp"
#include "drivers/mqtt/mqtt_publisher.hpp"

namespace aegis::mqtt {

class AlertPublisher {
 public:
  // `options.client_id` should be the intake's id with a suffix: two clients
  // with one id would keep disconnecting each other.
  AlertPublisher(MqttOptions options, std::size_t max_queued = 1000);
  ~AlertPublisher();  // stop()
  AlertPublisher(const AlertPublisher&) = delete;
  AlertPublisher& operator=(const AlertPublisher&) = delete;

  void start();
  void stop();  // publishes what is queued if the broker is there, then leaves
  // Queues one alert; never blocks on the network.
  void publish(const std::string& product_id, const std::string& unit_id, std::string payload);

  std::uint64_t published() const;
  std::uint64_t dropped() const;

 private:
  struct Pending {
    std::string topic;
    std::string payload;
  };
  void run();

  MqttOptions options_;
  std::size_t max_queued_;
  MqttPublisher publisher_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::uint64_t published_ = 0;
  std::uint64_t dropped_ = 0;
  std::thread worker_;
};

}  // namespace aegis::mqtt
