#include <catch2/catch.hpp>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/ingest/payload_decoder.hpp"

using namespace aegis;
using ingest::DecodeLimits;
using ingest::DecodeResult;
using nlohmann::json;

namespace {

const std::string kTopic = "aegis/L47181/UNIT_002/telemetry";

DecodeLimits pinned_limits() {
  DecodeLimits limits;
  limits.now = *time::parse_iso8601("2024-06-01T00:00:00Z");
  return limits;
}

json good_record() {
  return json{{"ts", "2024-01-01T10:00:00Z"},     {"seq", 42},
              {"engine_type", "L"},               {"air_temperature_K", 298.1},
              {"process_temperature_K", 308.6},   {"rotational_speed_rpm", 1551},
              {"torque_Nm", 42.8},                {"tool_wear_min", 108},
              {"is_failure", 0},                  {"failure_type", "No Failure"},
              {"rul", 87.0}};
}

DecodeResult decode(const json& payload, const profiles::ProfileCatalog& catalog = profiles::ProfileCatalog()) {
  return ingest::decode_mqtt(kTopic, payload.dump(), catalog, pinned_limits());
}

// The reason a single record is refused with.
std::string reason_for(const json& record) {
  const auto result = decode(record);
  REQUIRE(result.accepted.empty());
  REQUIRE(result.rejected.size() == 1);
  CHECK(result.rejected[0].index == std::optional<std::size_t>(0));
  return result.rejected[0].reason;
}

json with(json record, const std::string& key, json value) {
  record[key] = std::move(value);
  return record;
}

json without(json record, const std::string& key) {
  record.erase(key);
  return record;
}

}  // namespace

TEST_CASE("An MQTT record becomes a reading of the topic's unit with every field", "[ingest]") {
  const auto result = decode(good_record());
  REQUIRE(result.rejected.empty());
  REQUIRE(result.accepted.size() == 1);
  const auto& accepted = result.accepted[0];
  CHECK(accepted.profile == "ai4i");
  CHECK(accepted.index == 0);
  CHECK(accepted.seq == std::optional<std::int64_t>(42));
  const auto& r = accepted.reading;
  CHECK(r.product_id == "L47181");
  CHECK(r.unit_id == "UNIT_002");
  CHECK(time::format_iso8601(r.timestamp) == "2024-01-01T10:00:00+00:00");
  CHECK(r.step_index == 42);
  CHECK(r.engine_type == "L");
  CHECK(r.values == std::vector<double>{298.1, 308.6, 1551, 42.8, 108});
  CHECK(r.labels.is_failure == std::optional<int>(0));
  CHECK(r.labels.failure_type == std::optional<std::string>("No Failure"));
  CHECK(r.labels.rul == std::optional<double>(87.0));
}

TEST_CASE("ts is read as ISO 8601 with Z, an offset or none (UTC), or as epoch milliseconds", "[ingest]") {
  const auto expected = *time::parse_iso8601("2024-01-01T10:00:00Z");
  for (const json& ts : {json("2024-01-01T10:00:00Z"), json("2024-01-01T12:00:00+02:00"), json("2024-01-01T10:00:00"),
                        json(1704103200000), json("2024-01-01 10:00:00.000")}) {
    INFO(ts.dump());
    const auto result = decode(with(good_record(), "ts", ts));
    REQUIRE(result.accepted.size() == 1);
    CHECK(result.accepted[0].reading.timestamp == expected);
  }
}

TEST_CASE("Optional fields may be absent or null; unknown fields are ignored", "[ingest]") {
  json record = good_record();
  for (const char* key : {"seq", "engine_type", "is_failure", "failure_type", "rul"}) record.erase(key);
  record["firmware"] = "1.2.3";
  record["nested"] = {{"a", 1}};
  auto result = decode(record);
  REQUIRE(result.accepted.size() == 1);
  const auto& accepted = result.accepted[0];
  CHECK_FALSE(accepted.seq.has_value());
  CHECK(accepted.reading.step_index == 0);
  CHECK(accepted.reading.engine_type.empty());
  CHECK_FALSE(accepted.reading.labels.is_failure.has_value());
  CHECK_FALSE(accepted.reading.labels.failure_type.has_value());
  CHECK_FALSE(accepted.reading.labels.rul.has_value());

  result = decode(with(with(good_record(), "seq", nullptr), "rul", nullptr));
  REQUIRE(result.accepted.size() == 1);
  CHECK_FALSE(result.accepted[0].seq.has_value());
  CHECK_FALSE(result.accepted[0].reading.labels.rul.has_value());
}

TEST_CASE("Label and category forms", "[ingest]") {
  auto one = [](const json& record) {
    const auto result = decode(record);
    REQUIRE(result.accepted.size() == 1);
    return result.accepted[0].reading;
  };
  CHECK(one(with(good_record(), "is_failure", true)).labels.is_failure == std::optional<int>(1));
  CHECK(one(with(good_record(), "is_failure", false)).labels.is_failure == std::optional<int>(0));
  CHECK(one(with(good_record(), "is_failure", 1)).labels.is_failure == std::optional<int>(1));
  CHECK(one(with(without(good_record(), "rul"), "synthetic_RUL", 12.5)).labels.rul == std::optional<double>(12.5));
  CHECK(one(with(good_record(), "engine_type", "m")).engine_type == "M");
  CHECK(one(with(good_record(), "engine_type", "")).engine_type.empty());
  CHECK(one(with(good_record(), "torque_Nm", -3)).values[3] == -3.0);
}

TEST_CASE("A product mapped to the turbofan profile needs its sensors", "[ingest]") {
  const profiles::ProfileCatalog catalog({profiles::ai4i_profile(), profiles::turbofan_profile()},
                                         {{"L47181", "turbofan"}});
  json record{{"ts", 1704103200000}, {"seq", 7}, {"engine_type", "L"}, {"rul", 112}};
  for (int i = 1; i <= 3; ++i) record["setting" + std::to_string(i)] = 0.5 * i;
  for (int i = 1; i <= 21; ++i) record["s" + std::to_string(i)] = 100.0 + i;
  auto result = decode(record, catalog);
  REQUIRE(result.accepted.size() == 1);
  const auto& accepted = result.accepted[0];
  CHECK(accepted.profile == "turbofan");
  REQUIRE(accepted.reading.values.size() == 24);
  CHECK(accepted.reading.values[0] == 0.5);
  CHECK(accepted.reading.values[23] == 121.0);
  CHECK(accepted.reading.engine_type.empty());  // the profile has no category
  CHECK(accepted.reading.labels.rul == std::optional<double>(112.0));

  result = decode(without(record, "s7"), catalog);
  REQUIRE(result.rejected.size() == 1);
  CHECK(result.rejected[0].reason == "missing sensor s7");
}

TEST_CASE("Each bad field refuses its record with an exact reason", "[ingest]") {
  const json record = good_record();
  CHECK(reason_for(without(record, "ts")) == "missing ts");
  CHECK(reason_for(with(record, "ts", nullptr)) == "missing ts");
  CHECK(reason_for(with(record, "ts", "yesterday")) == "invalid ts: 'yesterday'");
  CHECK(reason_for(with(record, "ts", "2024-13-01T00:00:00Z")) == "invalid ts: '2024-13-01T00:00:00Z'");
  CHECK(reason_for(with(record, "ts", 1.5)) == "invalid ts: 1.5");
  CHECK(reason_for(with(record, "ts", -5)) == "invalid ts: -5");
  CHECK(reason_for(with(record, "ts", true)) == "invalid ts: true");
  CHECK(reason_for(with(record, "ts", std::string(100, 'x'))) == "invalid ts: '" + std::string(64, 'x') + "...'");
  CHECK(reason_for(with(record, "seq", -1)) == "invalid seq: -1");
  CHECK(reason_for(with(record, "seq", "5")) == "invalid seq: '5'");
  CHECK(reason_for(with(record, "seq", 4.5)) == "invalid seq: 4.5");
  CHECK(reason_for(with(record, "engine_type", "X")) == "invalid engine_type: 'X'");
  CHECK(reason_for(with(record, "engine_type", 3)) == "invalid engine_type: 3");
  CHECK(reason_for(without(record, "torque_Nm")) == "missing sensor torque_Nm");
  CHECK(reason_for(with(record, "torque_Nm", "42.8")) == "torque_Nm is not a number");
  CHECK(reason_for(with(record, "torque_Nm", true)) == "torque_Nm is not a number");
  CHECK(reason_for(with(record, "torque_Nm", nullptr)) == "torque_Nm is not a number");
  CHECK(reason_for(with(record, "torque_Nm", json::array({1}))) == "torque_Nm is not a number");
  CHECK(reason_for(with(record, "torque_Nm", "NaN")) == "torque_Nm is not finite");
  CHECK(reason_for(with(record, "torque_Nm", "-Infinity")) == "torque_Nm is not finite");
  CHECK(reason_for(with(record, "torque_Nm", "inf")) == "torque_Nm is not finite");
  CHECK(reason_for(with(record, "is_failure", 2)) == "invalid is_failure: 2");
  CHECK(reason_for(with(record, "is_failure", "yes")) == "invalid is_failure: 'yes'");
  CHECK(reason_for(with(record, "failure_type", 5)) == "invalid failure_type: 5");
  CHECK(reason_for(with(record, "rul", "abc")) == "rul is not a number");
  CHECK(reason_for(with(without(record, "rul"), "synthetic_RUL", "Infinity")) == "synthetic_RUL is not finite");
}

TEST_CASE("A non-finite number handed in as JSON is refused", "[ingest]") {
  const auto result = ingest::decode_http(
      json::array({with(with(with(good_record(), "product_id", "P"), "unit_id", "U"), "torque_Nm",
                        std::numeric_limits<double>::infinity())}),
      profiles::ProfileCatalog(), pinned_limits());
  REQUIRE(result.rejected.size() == 1);
  CHECK(result.rejected[0].reason == "torque_Nm is not finite");
}

TEST_CASE("A ts more than a day ahead of the gateway clock is refused", "[ingest]") {
  CHECK(reason_for(with(good_record(), "ts", "2024-06-02T00:00:00.001Z")) ==
        "ts is in the future: 2024-06-02T00:00:00.001+00:00");
  CHECK(reason_for(with(good_record(), "ts", 4102444800000)) == "ts is in the future: 2100-01-01T00:00:00+00:00");
  CHECK(reason_for(with(good_record(), "ts", 9223372036854775807)) == "ts is in the future: 9223372036854775807");
  CHECK(decode(with(good_record(), "ts", "2024-06-02T00:00:00Z")).accepted.size() == 1);  // exactly a day: skew
}

TEST_CASE("A topic that is not <prefix>/<product>/<unit>/telemetry refuses the payload", "[ingest]") {
  const auto limits = pinned_limits();
  const profiles::ProfileCatalog catalog;
  const std::string payload = good_record().dump();
  for (const char* topic : {"aegis/L47181/telemetry", "other/L47181/U1/telemetry", "aegis/L47181/U1/status",
                            "aegis//U1/telemetry", "aegis/L47181//telemetry", "aegis/L47181/U1/x/telemetry",
                            "aegisx/L47181/U1/telemetry", ""}) {
    INFO(topic);
    const auto result = ingest::decode_mqtt(topic, payload, catalog, limits);
    CHECK(result.accepted.empty());
    REQUIRE(result.rejected.size() == 1);
    CHECK(result.rejected[0].reason == "topic does not match aegis/+/+/telemetry");
    CHECK_FALSE(result.rejected[0].index.has_value());
    CHECK(result.rejected[0].payload_head == payload);
  }

  for (const auto& [topic, reason] : std::vector<std::pair<std::string, std::string>>{
           {"aegis/L47181/U\x01/telemetry", "topic's unit_id is invalid: contains a control character"},
           {"aegis/" + std::string(129, 'p') + "/U1/telemetry", "topic's product_id is invalid: longer than 128 bytes"}}) {
    const auto result = ingest::decode_mqtt(topic, payload, catalog, limits);
    CHECK(result.accepted.empty());
    REQUIRE(result.rejected.size() == 1);
    CHECK(result.rejected[0].reason == reason);
  }

  DecodeLimits plant = limits;
  plant.topic_prefix = "plant/7";
  auto result = ingest::decode_mqtt("plant/7/P9/U3/telemetry", payload, catalog, plant);
  REQUIRE(result.accepted.size() == 1);
  CHECK(result.accepted[0].reading.product_id == "P9");
  CHECK(result.accepted[0].reading.unit_id == "U3");
  result = ingest::decode_mqtt(kTopic, payload, catalog, plant);
  REQUIRE(result.rejected.size() == 1);
  CHECK(result.rejected[0].reason == "topic does not match plant/7/+/+/telemetry");
}

TEST_CASE("An oversized payload is refused whole, keeping its first 512 bytes", "[ingest]") {
  const std::string payload = "[" + std::string(299998, ' ') + "]";
  const auto result = ingest::decode_mqtt(kTopic, payload, profiles::ProfileCatalog(), pinned_limits());
  CHECK(result.accepted.empty());
  REQUIRE(result.rejected.size() == 1);
  CHECK(result.rejected[0].reason == "payload of 300000 bytes exceeds the limit of 262144");
  CHECK_FALSE(result.rejected[0].index.has_value());
  CHECK(result.rejected[0].payload_head == payload.substr(0, 512));
}

TEST_CASE("A payload that is not JSON, or not an object or array, is refused whole", "[ingest]") {
  const profiles::ProfileCatalog catalog;
  auto result = ingest::decode_mqtt(kTopic, "{\"ts\": ", catalog, pinned_limits());
  REQUIRE(result.rejected.size() == 1);
  CHECK_THAT(result.rejected[0].reason, Catch::StartsWith("payload is not JSON: parse error at line 1, column 8"));
  CHECK(result.rejected[0].payload_head == "{\"ts\": ");

  // Python's json.dumps writes NaN bare, which is not JSON.
  result = ingest::decode_mqtt(kTopic, R"({"torque_Nm": NaN})", catalog, pinned_limits());
  REQUIRE(result.rejected.size() == 1);
  CHECK_THAT(result.rejected[0].reason, Catch::StartsWith("payload is not JSON: parse error"));

  result = ingest::decode_mqtt(kTopic, "", catalog, pinned_limits());
  REQUIRE(result.rejected.size() == 1);
  CHECK_THAT(result.rejected[0].reason, Catch::StartsWith("payload is not JSON: parse error at line 1, column 1"));

  result = ingest::decode_mqtt(kTopic, "42", catalog, pinned_limits());
  REQUIRE(result.rejected.size() == 1);
  CHECK(result.rejected[0].reason == "payload is not a JSON object or array of objects");
}

TEST_CASE("A batch keeps its good records and refuses its bad ones by index", "[ingest]") {
  json second = good_record();
  second["ts"] = "2024-01-01T11:00:00Z";
  second["seq"] = 43;
  const json batch = json::array({good_record(), without(good_record(), "ts"), 42, second});
  const auto result = decode(batch);
  REQUIRE(result.accepted.size() == 2);
  CHECK(result.accepted[0].index == 0);
  CHECK(result.accepted[1].index == 3);
  CHECK(result.accepted[1].seq == std::optional<std::int64_t>(43));
  REQUIRE(result.rejected.size() == 2);
  CHECK(result.rejected[0].index == std::optional<std::size_t>(1));
  CHECK(result.rejected[0].reason == "missing ts");
  CHECK(result.rejected[0].payload_head == without(good_record(), "ts").dump());
  CHECK(result.rejected[1].index == std::optional<std::size_t>(2));
  CHECK(result.rejected[1].reason == "record is not a JSON object: 42");

  const auto empty = decode(json::array());
  CHECK(empty.accepted.empty());
  CHECK(empty.rejected.empty());
}

TEST_CASE("HTTP records name their unit; the body must be a list", "[ingest]") {
  const profiles::ProfileCatalog catalog({profiles::ai4i_profile(), profiles::turbofan_profile()},
                                         {{"ENGINE", "turbofan"}});
  const json record = with(with(good_record(), "product_id", "M14860"), "unit_id", "UNIT_001");
  const json batch = json::array({record, without(record, "product_id"), with(record, "unit_id", ""),
                                  with(record, "product_id", 5), with(record, "product_id", "ENGINE"),
                                  with(record, "torque_Nm", "x"), "text"});
  const auto result = ingest::decode_http(batch, catalog, pinned_limits());
  REQUIRE(result.accepted.size() == 1);
  CHECK(result.accepted[0].index == 0);
  CHECK(result.accepted[0].reading.product_id == "M14860");
  CHECK(result.accepted[0].reading.unit_id == "UNIT_001");
  CHECK(result.accepted[0].profile == "ai4i");
  std::vector<std::pair<std::size_t, std::string>> reasons;
  for (const auto& rejected : result.rejected) reasons.emplace_back(*rejected.index, rejected.reason);
  CHECK(reasons == std::vector<std::pair<std::size_t, std::string>>{
                       {1, "missing product_id"},
                       {2, "missing unit_id"},
                       {3, "invalid product_id: 5"},
                       {4, "missing sensor setting1"},
                       {5, "torque_Nm is not a number"},
                       {6, "record is not a JSON object: 'text'"},
                   });
  CHECK(result.rejected[0].payload_head == without(record, "product_id").dump());

  // Ids the API could not address or a message would cut short.
  const json bad_ids = json::array({with(record, "product_id", "A/B"), with(record, "unit_id", std::string("U\0X", 3)),
                                    with(record, "unit_id", "U\n"), with(record, "unit_id", std::string(129, 'u')),
                                    with(record, "unit_id", std::string(128, 'u'))});
  const auto ids = ingest::decode_http(bad_ids, catalog, pinned_limits());
  REQUIRE(ids.accepted.size() == 1);
  CHECK(ids.accepted[0].index == 4);
  std::vector<std::string> id_reasons;
  for (const auto& rejected : ids.rejected) id_reasons.push_back(rejected.reason);
  CHECK(id_reasons == std::vector<std::string>{"invalid product_id: contains '/'",
                                               "invalid unit_id: contains a control character",
                                               "invalid unit_id: contains a control character",
                                               "invalid unit_id: longer than 128 bytes"});

  const auto whole = ingest::decode_http(record, catalog, pinned_limits());
  CHECK(whole.accepted.empty());
  REQUIRE(whole.rejected.size() == 1);
  CHECK_FALSE(whole.rejected[0].index.has_value());
  CHECK(whole.rejected[0].reason == "body is not a JSON list of records");
}
