#pragma once
// Publishing to a broker with acknowledgements: results and alerts going
// upstream, and data sets replayed as live feeds.
//
// publish() returns once the broker acknowledged the message (PUBACK for
// QoS 1). publish_async() keeps up to `max_inflight` messages unacknowledged
// and waits only when the window is full, which is what makes replay fast:
// one round trip per message caps a loopback broker at a few thousand per
// second, a window keeps the pipe full. flush() waits for the whole window.
//
// The publisher does not reconnect by itself: its callers (the outbox, the
// replayer) own the retry policy and call connect() again. It connects with
// clean session ON: durability of what is not yet acknowledged is the
// caller's (the outbox keeps a row until publish() returned). Its client id
// must differ from the intake's, or the broker would keep swapping the two.
//
// Thread-safe: calls are serialised by an internal mutex.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <mqtt/async_client.h>

#include "drivers/mqtt/mqtt_options.hpp"

namespace aegis::mqtt {

class MqttPublisher {
 public:
  // Throws MqttError for invalid options, an empty broker_uri or a zero window.
  explicit MqttPublisher(MqttOptions options, std::size_t max_inflight = 1000);
  ~MqttPublisher();  // disconnect()
  MqttPublisher(const MqttPublisher&) = delete;
  MqttPublisher& operator=(const MqttPublisher&) = delete;

  // Connects (waiting up to connect_timeout); does nothing when connected.
  // Throws MqttError "cannot connect to <uri> as <client id>: <reason>".
  void connect();
  // Waits (up to ack_timeout) for what is in flight, then disconnects.
  // Never throws; idempotent.
  void disconnect();
  bool connected() const;

  // Returns after the broker acknowledged the message (QoS 1, 2) or after it
  // was written to the socket (QoS 0). Waits for earlier asynchronous
  // publishes too, so a success means everything before it arrived as well.
  // Throws MqttError naming the topic when not connected, on a refusal, or
  // after ack_timeout without an acknowledgement.
  void publish(const std::string& topic, std::string_view payload, int qos = 1, bool retained = false);
  // Returns once the message is handed to the client and no more than
  // max_inflight messages are unacknowledged. A failure of an earlier
  // message is thrown from a later call (publish_async, publish or flush).
  void publish_async(const std::string& topic, std::string_view payload, int qos = 1, bool retained = false);
  // Waits until every message handed over so far is acknowledged.
  void flush();

  std::size_t in_flight() const;
  // Messages the broker acknowledged since construction.
  std::uint64_t acknowledged() const;
  const MqttOptions& options() const { return options_; }

 private:
  void enqueue(const std::string& topic, std::string_view payload, int qos, bool retained);
  void wait_oldest(std::unique_lock<std::mutex>& lock);
  void reap_completed();
  [[noreturn]] void fail(const std::string& what, const std::string& reason) const;

  const MqttOptions options_;
  const std::size_t max_inflight_;
  std::unique_ptr<::mqtt::async_client> client_;

  mutable std::mutex mutex_;
  std::deque<std::pair<std::string, ::mqtt::delivery_token_ptr>> pending_;  // topic, token; oldest first
  std::uint64_t acknowledged_ = 0;
};

}  // namespace aegis::mqtt
