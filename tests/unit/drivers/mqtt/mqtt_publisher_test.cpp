#include <catch2/catch.hpp>

#include "drivers/mqtt/mqtt_publisher.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mosquitto_broker.hpp"
#include "tests/unit/drivers/mqtt/topic_recorder.hpp"

using namespace std::chrono_literals;
using aegis::mqtt::MqttError;
using aegis::mqtt::MqttOptions;
using aegis::mqtt::MqttPublisher;
using aegis::test::MosquittoBroker;

namespace {

MqttOptions publisher_options(const std::string& uri, const std::string& client_id) {
  MqttOptions options;
  options.broker_uri = uri;
  options.client_id = client_id;
  options.connect_timeout = 2s;
  options.ack_timeout = 3s;
  return options;
}

}  // namespace

TEST_CASE("MQTT publisher errors say what failed and where", "[mqtt][publisher]") {
  const std::string uri = "tcp://127.0.0.1:" + std::to_string(aegis::test::free_port());
  MqttPublisher publisher(publisher_options(uri, "pub-errors"));
  CHECK_FALSE(publisher.connected());
  CHECK_THROWS_WITH(publisher.publish("aegis/x/y/telemetry", "{}"),
                    "publish to aegis/x/y/telemetry on " + uri + " failed: not connected");
  CHECK_THROWS_WITH(publisher.connect(), Catch::StartsWith("cannot connect to " + uri + " as pub-errors: "));
  CHECK_THROWS_WITH(MqttPublisher(publisher_options(uri, "p"), 0),
                    "the MQTT publisher's in-flight window must be between 1 and 65535");
  MqttOptions none;
  none.broker_uri.clear();
  CHECK_THROWS_WITH(MqttPublisher(none), "the MQTT publisher needs a broker URI");
  publisher.disconnect();  // harmless when never connected
}

TEST_CASE("MQTT publisher publishes retained messages with an acknowledgement", "[mqtt][publisher]") {
  if (!MosquittoBroker::available()) {
    WARN("mosquitto absent: skipped");
    return;
  }
  MosquittoBroker broker;
  MqttPublisher publisher(publisher_options(broker.uri(), "pub-retained"));
  publisher.connect();
  REQUIRE(publisher.connected());
  publisher.publish("aegis/gw/results/alerts", R"({"unit":"M-1","alert":"tool wear"})", 1, true);
  CHECK(publisher.acknowledged() == 1);
  CHECK(publisher.in_flight() == 0);
  publisher.disconnect();
  CHECK_FALSE(publisher.connected());
  CHECK(aegis::test::retained_value(broker, "aegis/gw/results/alerts") == R"({"unit":"M-1","alert":"tool wear"})");
  CHECK_THROWS_WITH(publisher.publish("aegis/gw/results/alerts", "x", 3),
                    "publish to aegis/gw/results/alerts on " + broker.uri() + " failed: QoS must be 0, 1 or 2, got 3");
}
