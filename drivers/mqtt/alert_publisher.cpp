#include "drivers/mqtt/alert_publisher.hpp"

#include <spdlog/spdlog.h>

namespace aegis::mqtt {

AlertPublisher::AlertPublisher(MqttOptions options, std::size_t max_queued)
    : options_(options), max_queued_(max_queued), publisher_(std::move(options)) {}

AlertPublisher::~AlertPublisher() { stop(); }

void AlertPublisher::start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
}

void AlertPublisher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  publisher_.disconnect();
}

void AlertPublisher::publish(const std::string& product_id, const std::string& unit_id, std::string payload) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queued_) {
      queue_.pop_front();
      ++dropped_;
      spdlog::warn("mqtt: alert queue full, oldest unpublished alert dropped (it stays in the alert table)");
    }
    queue_.push_back({options_.topic_prefix + "/" + product_id + "/" + unit_id + "/alert", std::move(payload)});
  }
  wake_.notify_one();
}

void AlertPublisher::run() {
  Backoff backoff(options_.min_reconnect_backoff, options_.max_reconnect_backoff);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping with nothing left
    Pending next = queue_.front();
    lock.unlock();
    bool sent = false;
    try {
      publisher_.connect();
      publisher_.publish(next.topic, next.payload, options_.qos);
      sent = true;
      backoff.reset();
    } catch (const std::exception& e) {
      spdlog::warn("mqtt: alert not published yet: {}", e.what());
    }
    lock.lock();
    if (sent) {
      if (!queue_.empty() && queue_.front().topic == next.topic && queue_.front().payload == next.payload) {
        queue_.pop_front();
      }
      ++published_;
      continue;
    }
    if (stopping_) return;  // the broker is away: leave; the alerts are in the table
    wake_.wait_for(lock, backoff.next(), [&] { return stopping_; });
  }
}

std::uint64_t AlertPublisher::published() const {
  std::lock_guard lock(mutex_);
  return published_;
}

std::uint64_t AlertPublisher::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace aegis::mqtt
