#include <catch2/catch.hpp>

#include "drivers/mqtt/mqtt_options.hpp"

using aegis::mqtt::MqttError;
using aegis::mqtt::MqttOptions;

TEST_CASE("MQTT options name the topics of SPEC 5", "[mqtt][options]") {
  MqttOptions options;
  CHECK(options.topic_prefix == "aegis");
  CHECK(options.qos == 1);
  options.client_id = "gw-7";
  CHECK(aegis::mqtt::telemetry_filter(options) == "aegis/+/+/telemetry");
  CHECK(aegis::mqtt::status_topic(options) == "aegis/gateway/gw-7/status");
  options.topic_prefix = "plant1/aegis";
  CHECK(aegis::mqtt::telemetry_filter(options) == "plant1/aegis/+/+/telemetry");
  CHECK_NOTHROW(aegis::mqtt::validate(options));
}

TEST_CASE("MQTT options out of range name the field", "[mqtt][options]") {
  auto invalid = [](auto change) {
    MqttOptions options;
    change(options);
    try {
      aegis::mqtt::validate(options);
    } catch (const MqttError& error) {
      return std::string(error.what());
    }
    return std::string("valid");
  };
  CHECK(invalid([](MqttOptions& o) { o.qos = 3; }) == "mqtt.qos must be 0, 1 or 2, got 3");
  CHECK(invalid([](MqttOptions& o) { o.broker_uri = "localhost:1883"; }) ==
        "mqtt.broker_uri must start with tcp://, ssl://, mqtt://, mqtts://, ws:// or wss://, got \"localhost:1883\"");
  CHECK(invalid([](MqttOptions& o) { o.client_id = "gw/1"; }) ==
        "mqtt.client_id must not contain '/', '+' or '#', got \"gw/1\"");
  CHECK(invalid([](MqttOptions& o) { o.client_id.clear(); }) == "mqtt.client_id must not be empty");
  CHECK(invalid([](MqttOptions& o) { o.topic_prefix = "aegis/#"; }) ==
        "mqtt.topic_prefix must not contain '+' or '#' nor start or end with '/', got \"aegis/#\"");
  CHECK(invalid([](MqttOptions& o) { o.keep_alive = std::chrono::seconds(0); }) ==
        "mqtt.keep_alive must be between 1 and 65535 seconds, got 0");
  CHECK(invalid([](MqttOptions& o) { o.max_reconnect_backoff = std::chrono::milliseconds(10); }) ==
        "mqtt.max_reconnect_backoff must not be below mqtt.min_reconnect_backoff");
  CHECK(invalid([](MqttOptions& o) { o.key_file = "/k.pem"; }) == "mqtt.key_file is set but mqtt.cert_file is not");
  CHECK(invalid([](MqttOptions& o) { o.broker_uri.clear(); }) == "valid");  // disabled
}

TEST_CASE("MQTT options become Paho connect options, TLS included", "[mqtt][options]") {
  MqttOptions options;
  options.username = "gateway";
  options.password = "secret";
  options.keep_alive = std::chrono::seconds(15);
  options.connect_timeout = std::chrono::milliseconds(2500);
  auto plain = aegis::mqtt::paho_connect_options(options);
  CHECK(plain.get_user_name() == "gateway");
  CHECK(plain.get_password_str() == "secret");
  CHECK(plain.get_keep_alive_interval() == std::chrono::seconds(15));
  CHECK(plain.get_connect_timeout() == std::chrono::seconds(3));  // whole seconds, rounded up
  CHECK(plain.get_mqtt_version() == MQTTVERSION_3_1_1);
  CHECK_FALSE(aegis::mqtt::uses_tls(options));

  options.broker_uri = "ssl://broker.example:8883";
  options.ca_file = "/etc/aegis/ca.pem";
  options.cert_file = "/etc/aegis/gw.crt";
  options.key_file = "/etc/aegis/gw.key";
  CHECK(aegis::mqtt::uses_tls(options));
  auto tls = aegis::mqtt::paho_connect_options(options);
  const auto& ssl = tls.get_ssl_options();
  CHECK(ssl.get_trust_store() == "/etc/aegis/ca.pem");
  CHECK(ssl.get_key_store() == "/etc/aegis/gw.crt");
  CHECK(ssl.get_private_key() == "/etc/aegis/gw.key");
  CHECK(ssl.get_enable_server_cert_auth());
  CHECK(ssl.get_verify());
}
