#include "drivers/mqtt/mqtt_intake.hpp"

#include <spdlog/spdlog.h>

namespace aegis::mqtt {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kOnline = "online";
constexpr std::string_view kOffline = "offline";
// Saying goodbye must not hold up a daemon that is stopping because the
// broker is unreachable.
constexpr auto kGoodbyeTimeout = 2s;

}  // namespace

MqttIntake::MqttIntake(MqttOptions options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {
  validate(options_);
  if (!handler_) throw MqttError("the MQTT intake needs a message handler");
}

MqttIntake::~MqttIntake() { stop(); }

void MqttIntake::start() {
  if (options_.broker_uri.empty() || worker_.joinable()) return;
  try {
    client_ = std::make_unique<::mqtt::async_client>(options_.broker_uri, options_.client_id);
  } catch (const ::mqtt::exception& error) {
    throw MqttError("cannot create an MQTT client for " + options_.broker_uri + ": " + error.what());
  }
  client_->set_message_callback([this](::mqtt::const_message_ptr message) { on_message(message); });
  client_->set_connection_lost_handler([this](const std::string& cause) { on_connection_lost(cause); });
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    connection_lost_ = false;
  }
  state_ = State::connecting;
  worker_ = std::thread([this] { run(); });
}

void MqttIntake::stop() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  // Destroying the Paho client also abandons a connect still in flight.
  client_.reset();
  state_ = State::disconnected;
}

std::string MqttIntake::state() const {
  if (options_.broker_uri.empty()) return "disabled";
  switch (state_.load()) {
    case State::connected: return "connected";
    case State::connecting: return "connecting";
    case State::disconnected: break;
  }
  return "disconnected";
}

IntakeCounters MqttIntake::counters() const {
  const auto connects = connects_.load();
  return IntakeCounters{.messages_received = messages_received_.load(),
                        .handler_errors = handler_errors_.load(),
                        .connects = connects,
                        .reconnects = connects > 0 ? connects - 1 : 0,
                        .connect_failures = connect_failures_.load()};
}

std::string MqttIntake::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void MqttIntake::set_error(std::string error) {
  spdlog::warn("mqtt intake {}: {}", options_.broker_uri, error);
  std::lock_guard lock(mutex_);
  last_error_ = std::move(error);
}

// The connection supervisor: connect, then sleep until the connection is
// lost or stop() is called; after a failure wait a jittered backoff.
void MqttIntake::run() {
  Backoff backoff(options_.min_reconnect_backoff, options_.max_reconnect_backoff);
  bool first_attempt = true;
  for (;;) {
    if (!first_attempt) {
      // Also after a lost connection: a broker that accepts and drops at
      // once (two gateways sharing a client id) must not make us spin.
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, backoff.next(), [this] { return stopping_; })) break;
    }
    first_attempt = false;
    state_ = State::connecting;
    if (!try_connect()) {
      ++connect_failures_;
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      continue;
    }
    backoff.reset();
    ++connects_;
    state_ = State::connected;
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stopping_ || connection_lost_; });
    if (stopping_) break;
    state_ = State::connecting;
  }
  say_goodbye();
}

bool MqttIntake::wait_for_token(const ::mqtt::token_ptr& token, std::chrono::milliseconds timeout) {
  // In slices, so that stop() does not wait for a broker that never answers.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!token->wait_for(100ms)) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return false;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
  }
  return true;
}

bool MqttIntake::try_connect() {
  {
    std::lock_guard lock(mutex_);
    connection_lost_ = false;
  }
  auto connect_options = paho_connect_options(options_);
  connect_options.set_clean_session(false);
  connect_options.set_will(::mqtt::will_options(status_topic(options_), std::string(kOffline), 1, true));
  const std::string topic = status_topic(options_);
  try {
    auto connected = client_->connect(connect_options);
    // Paho enforces connect_timeout itself; the extra second only makes sure
    // its verdict, not ours, is what gets reported.
    if (!wait_for_token(connected, options_.connect_timeout + 1s)) {
      set_error("no answer to CONNECT within the connect timeout");
      return false;
    }
    session_present_ = connected->get_connect_response().is_session_present();
    auto subscribed = client_->subscribe(telemetry_filter(options_), options_.qos);
    if (!wait_for_token(subscribed, options_.ack_timeout)) {
      set_error("no answer to SUBSCRIBE " + telemetry_filter(options_));
      return false;
    }
    auto announced = client_->publish(topic, kOnline.data(), kOnline.size(), 1, true);
    if (!wait_for_token(announced, options_.ack_timeout)) {
      set_error("no acknowledgement for \"online\" on " + topic);
      return false;
    }
    return true;
  } catch (const ::mqtt::exception& error) {
    set_error(std::string("cannot connect and subscribe: ") + error.what());
    return false;
  }
}

void MqttIntake::say_goodbye() {
  if (!client_->is_connected()) return;
  try {
    auto announced = client_->publish(status_topic(options_), kOffline.data(), kOffline.size(), 1, true);
    announced->wait_for(kGoodbyeTimeout);
    client_->disconnect(std::chrono::milliseconds(kGoodbyeTimeout))->wait_for(kGoodbyeTimeout);
  } catch (const ::mqtt::exception& error) {
    // The broker went away meanwhile: it will publish the will instead.
    spdlog::warn("mqtt intake {}: unclean stop: {}", options_.broker_uri, error.what());
  }
}

void MqttIntake::on_message(const ::mqtt::const_message_ptr& message) {
  ++messages_received_;
  try {
    const auto& payload = message->get_payload_ref();
    const auto view = payload.empty() ? std::string_view() : std::string_view(payload.data(), payload.size());
    handler_(message->get_topic(), view);
  } catch (const std::exception& error) {
    // An exception must not unwind into Paho's C thread; the message counts
    // as handled (the handler's own dead-letter path is the place for it).
    ++handler_errors_;
    spdlog::error("mqtt intake: handler failed on {}: {}", message->get_topic(), error.what());
  } catch (...) {
    ++handler_errors_;
    spdlog::error("mqtt intake: handler failed on {}", message->get_topic());
  }
}

void MqttIntake::on_connection_lost(const std::string& cause) {
  set_error("connection lost" + (cause.empty() ? std::string() : ": " + cause));
  {
    std::lock_guard lock(mutex_);
    connection_lost_ = true;
  }
  state_ = State::connecting;
  wake_.notify_all();
}

}  // namespace aegis::mqtt
