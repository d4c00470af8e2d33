#pragma once
// Test helpers for the MQTT suites: a plain Paho subscriber that records
// what arrives on a filter (retained messages included), a one-shot read of
// a retained value, and a poll-until.
//
// Paho C's receive thread polls its sockets with a 1 s timeout and no
// wake-up, so a client connecting while another client of the same process
// is idle takes 1-2 s. Tests keep in-process clients few for that reason and
// read retained values with mosquitto_sub, an outside process.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <mqtt/async_client.h>

#include "tests/support/child_process.hpp"
#include "tests/support/mosquitto_broker.hpp"

namespace aegis::test {

inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// The retained value of `topic`, or nullopt when there is none.
inline std::optional<std::string> retained_value(const MosquittoBroker& broker, const std::string& topic) {
  const auto log = broker.dir() / "retained.out";
  std::filesystem::remove(log);
  ChildProcess sub({"mosquitto_sub", "-h", "127.0.0.1", "-p", std::to_string(broker.port()), "-t", topic, "-C", "1",
                    "-W", "1", "-N"},
                   log);
  if (sub.wait(std::chrono::seconds(5)) != 0) return std::nullopt;
  return sub.log();
}

class TopicRecorder {
 public:
  TopicRecorder(const std::string& uri, const std::string& filter, const std::string& client_id)
      : client_(uri, client_id) {
    client_.set_message_callback([this](::mqtt::const_message_ptr message) {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(message->get_topic(), message->get_payload_str());
      last_[message->get_topic()] = message->get_payload_str();
    });
    ::mqtt::connect_options options;
    options.set_clean_session(true);
    options.set_mqtt_version(MQTTVERSION_3_1_1);
    client_.connect(options)->wait();
    client_.subscribe(filter, 1)->wait();
  }
  ~TopicRecorder() {
    try {
      client_.disconnect()->wait_for(std::chrono::seconds(2));
    } catch (const ::mqtt::exception&) {
    }
  }

  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
  }
  std::vector<std::pair<std::string, std::string>> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  std::optional<std::string> last(const std::string& topic) const {
    std::lock_guard lock(mutex_);
    const auto found = last_.find(topic);
    if (found == last_.end()) return std::nullopt;
    return found->second;
  }
  bool wait_for_count(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    return eventually([&] { return count() >= n; }, timeout);
  }
  bool wait_for_value(const std::string& topic, const std::string& value,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    return eventually([&] { return last(topic) == value; }, timeout);
  }

 private:
  ::mqtt::async_client client_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> messages_;
  std::map<std::string, std::string> last_;
};

}  // namespace aegis::test
