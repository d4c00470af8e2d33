#include "drivers/mqtt/mqtt_options.hpp"

#include <mqtt/ssl_options.h>

namespace aegis::mqtt {
namespace {

bool starts_with_any(const std::string& text, std::initializer_list<const char*> prefixes) {
  for (const char* prefix : prefixes) {
    if (text.starts_with(prefix)) return true;
  }
  return false;
}

// A topic level built from configuration must not contain MQTT's separators
// or wildcards, or the gateway would publish or subscribe somewhere else.
void require_plain_level(const std::string& value, const char* field) {
  if (value.empty()) throw MqttError(std::string("mqtt.") + field + " must not be empty");
  if (value.find_first_of("/+#") != std::string::npos) {
    throw MqttError(std::string("mqtt.") + field + " must not contain '/', '+' or '#', got \"" + value +
                    "\"");
  }
}

}  // namespace

void validate(const MqttOptions& options) {
  if (options.broker_uri.empty()) return;
  if (!starts_with_any(options.broker_uri, {"tcp://", "ssl://", "mqtt://", "mqtts://", "ws://", "wss://"})) {
    throw MqttError("mqtt.broker_uri must start with tcp://, ssl://, mqtt://, mqtts://, ws:// or wss://, got \"" +
                    options.broker_uri + "\"");
  }
  require_plain_level(options.client_id, "client_id");
  // The prefix may have several levels ("plant1/aegis") but no wildcards.
  if (options.topic_prefix.empty()) throw MqttError("mqtt.topic_prefix must not be empty");
  if (options.topic_prefix.find_first_of("+#") != std::string::npos || options.topic_prefix.front() == '/' ||
      options.topic_prefix.back() == '/') {
    throw MqttError("mqtt.topic_prefix must not contain '+' or '#' nor start or end with '/', got \"" +
                    options.topic_prefix + "\"");
  }
  if (options.qos < 0 || options.qos > 2) {
    throw MqttError("mqtt.qos must be 0, 1 or 2, got " + std::to_string(options.qos));
  }
  if (options.keep_alive.count() < 1 || options.keep_alive.count() > 65535) {
    throw MqttError("mqtt.keep_alive must be between 1 and 65535 seconds, got " +
                    std::to_string(options.keep_alive.count()));
  }
  if (options.min_reconnect_backoff.count() < 1) {
    throw MqttError("mqtt.min_reconnect_backoff must be positive");
  }
  if (options.max_reconnect_backoff < options.min_reconnect_backoff) {
    throw MqttError("mqtt.max_reconnect_backoff must not be below mqtt.min_reconnect_backoff");
  }
  if (options.connect_timeout.count() < 1) throw MqttError("mqtt.connect_timeout must be positive");
  if (options.ack_timeout.count() < 1) throw MqttError("mqtt.ack_timeout must be positive");
  if (!options.key_file.empty() && options.cert_file.empty()) {
    throw MqttError("mqtt.key_file is set but mqtt.cert_file is not");
  }
  if (!options.password.empty() && options.username.empty()) {
    throw MqttError("mqtt.password is set but mqtt.username is not");
  }
}

bool uses_tls(const MqttOptions& options) {
  return starts_with_any(options.broker_uri, {"ssl://", "mqtts://", "wss://"}) || !options.ca_file.empty() ||
         !options.cert_file.empty();
}

std::string telemetry_filter(const MqttOptions& options) { return options.topic_prefix + "/+/+/telemetry"; }

std::string status_topic(const MqttOptions& options) {
  return options.topic_prefix + "/gateway/" + options.client_id + "/status";
}

::mqtt::connect_options paho_connect_options(const MqttOptions& options) {
  ::mqtt::connect_options paho;
  // Pinned to 3.1.1: Paho's default tries 3.1.1 then falls back to 3.1, which
  // turns one refusal into two and hides the first reason.
  paho.set_mqtt_version(MQTTVERSION_3_1_1);
  paho.set_keep_alive_interval(options.keep_alive);
  // Paho counts the connect timeout in whole seconds.
  const auto timeout_s = (options.connect_timeout.count() + 999) / 1000;
  paho.set_connect_timeout(static_cast<int>(timeout_s));
  if (!options.username.empty()) paho.set_user_name(options.username);
  if (!options.password.empty()) paho.set_password(options.password);
  if (uses_tls(options)) {
    ::mqtt::ssl_options ssl;
    if (!options.ca_file.empty()) ssl.set_trust_store(options.ca_file);
    if (!options.cert_file.empty()) ssl.set_key_store(options.cert_file);
    if (!options.key_file.empty()) ssl.set_private_key(options.key_file);
    ssl.set_enable_server_cert_auth(true);
    ssl.set_verify(true);  // host name against the certificate
    paho.set_ssl(std::move(ssl));
  }
  return paho;
}

}  // namespace aegis::mqtt
