#include "drivers/mqtt/mqtt_publisher.hpp"

#include <mqtt/create_options.h>

namespace aegis::mqtt {

MqttPublisher::MqttPublisher(MqttOptions options, std::size_t max_inflight)
    : options_(std::move(options)), max_inflight_(max_inflight) {
  validate(options_);
  if (options_.broker_uri.empty()) throw MqttError("the MQTT publisher needs a broker URI");
  if (max_inflight_ == 0 || max_inflight_ > 65535) {
    throw MqttError("the MQTT publisher's in-flight window must be between 1 and 65535");
  }
  try {
    // Paho refuses a publish once 100 commands (its default) wait in its
    // queue, connected or not; the window is the limit we mean.
    ::mqtt::create_options create(MQTTVERSION_3_1_1, static_cast<int>(max_inflight_) + 16);
    client_ = std::make_unique<::mqtt::async_client>(options_.broker_uri, options_.client_id, create, nullptr);
  } catch (const ::mqtt::exception& error) {
    throw MqttError("cannot create an MQTT client for " + options_.broker_uri + ": " + error.what());
  }
}

MqttPublisher::~MqttPublisher() { disconnect(); }

void MqttPublisher::fail(const std::string& what, const std::string& reason) const {
  throw MqttError(what + " on " + options_.broker_uri + " failed: " + reason);
}

void MqttPublisher::connect() {
  std::lock_guard lock(mutex_);
  if (client_->is_connected()) return;
  auto connect_options = paho_connect_options(options_);
  connect_options.set_clean_session(true);
  connect_options.set_max_inflight(static_cast<int>(max_inflight_));
  pending_.clear();  // tokens of a lost connection never complete
  try {
    auto token = client_->connect(connect_options);
    if (!token->wait_for(options_.connect_timeout + std::chrono::seconds(1))) {
      throw MqttError("cannot connect to " + options_.broker_uri + " as " + options_.client_id +
                      ": no answer within the connect timeout");
    }
  } catch (const ::mqtt::exception& error) {
    throw MqttError("cannot connect to " + options_.broker_uri + " as " + options_.client_id + ": " +
                    error.what());
  }
}

void MqttPublisher::disconnect() {
  std::unique_lock lock(mutex_);
  if (!client_->is_connected()) {
    pending_.clear();
    return;
  }
  try {
    while (!pending_.empty()) wait_oldest(lock);
  } catch (const MqttError&) {
    // Best effort: what was not acknowledged is the caller's to retry.
  }
  pending_.clear();
  try {
    client_->disconnect(options_.ack_timeout)->wait_for(options_.ack_timeout);
  } catch (const ::mqtt::exception&) {
    // Already gone: nothing more to close.
  }
}

bool MqttPublisher::connected() const { return client_->is_connected(); }

std::size_t MqttPublisher::in_flight() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

std::uint64_t MqttPublisher::acknowledged() const {
  std::lock_guard lock(mutex_);
  return acknowledged_;
}

void MqttPublisher::publish(const std::string& topic, std::string_view payload, int qos, bool retained) {
  std::unique_lock lock(mutex_);
  enqueue(topic, payload, qos, retained);
  while (!pending_.empty()) wait_oldest(lock);
}

void MqttPublisher::publish_async(const std::string& topic, std::string_view payload, int qos, bool retained) {
  std::unique_lock lock(mutex_);
  reap_completed();
  while (pending_.size() >= max_inflight_) wait_oldest(lock);
  enqueue(topic, payload, qos, retained);
}

void MqttPublisher::flush() {
  std::unique_lock lock(mutex_);
  while (!pending_.empty()) wait_oldest(lock);
}

void MqttPublisher::enqueue(const std::string& topic, std::string_view payload, int qos, bool retained) {
  if (qos < 0 || qos > 2) fail("publish to " + topic, "QoS must be 0, 1 or 2, got " + std::to_string(qos));
  if (!client_->is_connected()) fail("publish to " + topic, "not connected");
  try {
    pending_.emplace_back(topic, client_->publish(topic, payload.data(), payload.size(), qos, retained));
  } catch (const ::mqtt::exception& error) {
    fail("publish to " + topic, error.what());
  }
}

void MqttPublisher::reap_completed() {
  // The broker acknowledges one client's QoS 1 messages in order, so the
  // completed ones are at the front.
  while (!pending_.empty() && pending_.front().second->is_complete()) {
    auto [topic, token] = std::move(pending_.front());
    pending_.pop_front();
    try {
      token->wait();  // complete: returns at once, or throws the failure
    } catch (const ::mqtt::exception& error) {
      fail("publish to " + topic, error.what());
    }
    ++acknowledged_;
  }
}

void MqttPublisher::wait_oldest(std::unique_lock<std::mutex>&) {
  auto [topic, token] = std::move(pending_.front());
  pending_.pop_front();
  try {
    if (!token->wait_for(options_.ack_timeout)) {
      fail("publish to " + topic,
           "no acknowledgement within " + std::to_string(options_.ack_timeout.count()) + " ms");
    }
  } catch (const ::mqtt::exception& error) {
    fail("publish to " + topic, error.what());
  }
  ++acknowledged_;
}

}  // namespace aegis::mqtt
