#pragma once
// The gateway's sensor intake: one MQTT client, subscribed to
// `<prefix>/+/+/telemetry`, that hands every message to a handler and keeps
// itself connected for as long as it runs.
//
// Session. The client connects with clean session OFF and the fixed client
// id, so the broker keeps the subscription and queues QoS 1 messages while
// the daemon is down (up to the broker's max_queued_messages) and delivers
// them when the same id comes back. The filter is subscribed again after
// every connect anyway: with the session present it is redundant (the broker
// already has it), but it is harmless and repairs a broker that lost its
// state (no persistence, or restored from an old database).
//
// Presence. Last will `<prefix>/gateway/<client_id>/status` = "offline",
// retained, QoS 1; "online" is published retained after each connect, and
// "offline" before the clean disconnect of stop() (a clean DISCONNECT makes
// the broker drop the will, so it must be said explicitly).
//
// Reconnection is done here, not by Paho's automatic reconnect: Paho doubles
// whole seconds without jitter, we wait Backoff (full jitter between
// min_reconnect_backoff and max_reconnect_backoff) and try forever.
//
// When a QoS 1 message is acknowledged (Paho C 1.3.12, MQTTAsync): the
// receive thread calls the handler from inside MQTTProtocol_handlePublishes
// (Protocol_processPublication -> messageArrived) and sends the PUBACK only
// AFTER the handler has returned. So the broker keeps a message until the
// handler is done with it: if the process is killed (kill -9) or the
// connection drops while the handler runs, the broker redelivers that message
// (DUP) on the next connect. Delivery is at-least-once; the loss window on
// kill -9 is exactly what the handler accepted into memory and returned from
// before it was made durable (the daemon's ingest queue), never a message the
// handler has not seen. (Exception in Paho: if earlier messages are still
// queued inside Paho because a callback refused them, new ones are queued and
// acknowledged at once; our callback never refuses, so this does not arise.)
//
// The handler MAY BLOCK for back-pressure, but know the price: Paho's async
// library runs ONE receive thread for all clients of the process and calls
// the handler while holding its global mutex. While the handler blocks, no
// client of this process (the upstream publisher included) reads acks or
// sends keep-alives, and the broker drops this connection after 1.5 x
// keep_alive without traffic (then the unacknowledged message is redelivered
// after the reconnect: nothing is lost, but time is). Block for seconds, not
// minutes, and unblock the handler before calling stop(). (Measured: with
// the handler asleep for 3 s, a publish of the MqttPublisher in the same
// process to an unrelated topic got its PUBACK only after those 3 s.)
//
// Another property of that shared thread: it polls its sockets with a 1 s
// timeout and nothing wakes it, so a connect or reconnect while another
// client of the process is idle takes 1-2 s instead of milliseconds.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <mqtt/async_client.h>

#include "drivers/mqtt/backoff.hpp"
#include "drivers/mqtt/mqtt_options.hpp"

namespace aegis::mqtt {

struct IntakeCounters {
  std::uint64_t messages_received = 0;  // handed to the handler (redeliveries included)
  std::uint64_t handler_errors = 0;     // the handler threw; the message still counts as delivered
  std::uint64_t connects = 0;           // successful connections, the first included
  std::uint64_t reconnects = 0;         // successful connections after the first
  std::uint64_t connect_failures = 0;   // attempts that did not end connected and subscribed
};

class MqttIntake {
 public:
  // Called on Paho's receive thread, one message at a time, in arrival order.
  // The payload view is valid only during the call.
  using Handler = std::function<void(const std::string& topic, std::string_view payload)>;

  // Throws MqttError for invalid options. An empty broker_uri makes a
  // disabled intake: start() does nothing and state() is "disabled".
  MqttIntake(MqttOptions options, Handler handler);
  ~MqttIntake();  // stop()
  MqttIntake(const MqttIntake&) = delete;
  MqttIntake& operator=(const MqttIntake&) = delete;

  // Returns at once; connecting, subscribing and reconnecting happen on a
  // thread of the intake's own. Calling it again while running does nothing.
  void start();
  // Publishes "offline", disconnects cleanly (the broker keeps the session)
  // and joins the thread. Idempotent; start() may be called again afterwards.
  void stop();

  // "connected" | "connecting" | "disconnected" | "disabled".
  std::string state() const;
  IntakeCounters counters() const;
  // Whether the broker still had this client's session at the last connect.
  bool session_present() const { return session_present_.load(); }
  // The reason of the last failed connect or lost connection, empty if none.
  std::string last_error() const;
  const MqttOptions& options() const { return options_; }

 private:
  enum class State { disconnected, connecting, connected };

  void run();
  bool try_connect();
  void say_goodbye();
  void on_message(const ::mqtt::const_message_ptr& message);
  void on_connection_lost(const std::string& cause);
  bool wait_for_token(const ::mqtt::token_ptr& token, std::chrono::milliseconds timeout);
  void set_error(std::string error);

  const MqttOptions options_;
  const Handler handler_;
  std::unique_ptr<::mqtt::async_client> client_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool connection_lost_ = false;
  std::string last_error_;
  std::thread worker_;

  std::atomic<State> state_{State::disconnected};
  std::atomic<bool> session_present_{false};
  std::atomic<std::uint64_t> messages_received_{0};
  std::atomic<std::uint64_t> handler_errors_{0};
  std::atomic<std::uint64_t> connects_{0};
  std::atomic<std::uint64_t> connect_failures_{0};
};

}  // namespace aegis::mqtt
