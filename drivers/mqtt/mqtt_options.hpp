#pragma once
// How the gateway reaches an MQTT broker: one plain struct the daemon fills
// from its configuration, shared by the intake (sensor feeds in) and the
// publisher (results, alerts and replayed data sets out).
#include <chrono>
#include <stdexcept>
#include <string>

#include <mqtt/connect_options.h>

namespace aegis::mqtt {

// Paho's own namespace is ::mqtt; inside aegis::mqtt always spell it with
// the leading colons.

// Every failure of the MQTT edge: bad options, a broker that cannot be
// reached, a publish the broker did not acknowledge.
class MqttError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MqttOptions {
  // "tcp://host:port", "ssl://host:port" (or mqtt:// / mqtts://). Empty
  // means MQTT is disabled.
  std::string broker_uri = "tcp://127.0.0.1:1883";
  // Fixed, so the broker keeps this gateway's persistent session (and the
  // QoS 1 messages queued in it) while the daemon is down.
  std::string client_id = "aegis-gateway";
  std::string topic_prefix = "aegis";
  int qos = 1;
  std::string username;  // empty: anonymous
  std::string password;
  std::string ca_file;    // TLS trust store; empty: the system's CA paths
  std::string cert_file;  // client certificate (mutual TLS)
  std::string key_file;   // its private key
  std::chrono::seconds keep_alive{30};
  std::chrono::milliseconds min_reconnect_backoff{500};
  std::chrono::milliseconds max_reconnect_backoff{30000};
  std::chrono::milliseconds connect_timeout{10000};
  // How long a publish may wait for the broker's acknowledgement.
  std::chrono::milliseconds ack_timeout{10000};
};

// Throws MqttError naming the first field out of range ("mqtt.qos must be
// 0, 1 or 2, got 3"). An empty broker_uri is valid (MQTT disabled).
void validate(const MqttOptions& options);

bool uses_tls(const MqttOptions& options);

// "<prefix>/+/+/telemetry": what the intake subscribes to (SPEC 5).
std::string telemetry_filter(const MqttOptions& options);
// "<prefix>/gateway/<client_id>/status": "online" (retained) while the
// gateway is connected, "offline" after a clean stop or, as the broker's last
// will, after the gateway vanished.
std::string status_topic(const MqttOptions& options);

// Paho's connect options for `options`: MQTT 3.1.1, keep-alive, credentials,
// connect timeout and, for TLS, the CA/certificate/key files with server
// certificate and host name verification on. Clean session and the last will
// are the caller's business.
::mqtt::connect_options paho_connect_options(const MqttOptions& options);

}  // namespace aegis::mqtt
