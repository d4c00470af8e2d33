// The fast decoder must accept exactly what the reference decoder accepts,
// with the same values, and hand everything else back to it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/ingest/fast_payload_decoder.hpp"
#include "engine/ingest/payload_decoder.hpp"

using namespace aegis;
using ingest::Accepted;
using ingest::DecodeResult;
using ingest::FastPayloadDecoder;
using nlohmann::json;

namespace {

const std::string kTopic = "aegis/L47181/UNIT_002/telemetry";
const std::string kTurbofanTopic = "aegis/FD001/engine_7/telemetry";

ingest::DecodeLimits pinned_limits() {
  ingest::DecodeLimits limits;
  limits.now = *time::parse_iso8601("2024-06-01T00:00:00Z");
  return limits;
}

profiles::ProfileCatalog catalog() {
  return profiles::ProfileCatalog({profiles::ai4i_profile(), profiles::turbofan_profile()}, {{"FD001", "turbofan"}});
}

json ai4i_record() {
  return json{{"ts", "2024-01-01T10:00:00Z"},   {"seq", 42},           {"engine_type", "L"},
              {"air_temperature_K", 298.1},     {"process_temperature_K", 308.6},
              {"rotational_speed_rpm", 1551},   {"torque_Nm", 42.8},  {"tool_wear_min", 108},
              {"is_failure", 0},                {"failure_type", "No Failure"}, {"rul", 87.0}};
}

json turbofan_record() {
  json record{{"ts", 1704103200000}, {"seq", 3}, {"setting1", -0.0007}, {"setting2", -0.0004}, {"setting3", 100.0}};
  for (int i = 1; i <= 21; ++i) record["s" + std::to_string(i)] = 500.0 + i / 7.0;
  return record;
}

std::string without_ts() {
  json record = ai4i_record();
  record.erase("ts");
  return record.dump();
}

bool same_number(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void require_same(const std::vector<Accepted>& fast, const std::vector<Accepted>& reference, const std::string& text) {
  INFO("payload: " << text);
  REQUIRE(fast.size() == reference.size());
  for (std::size_t i = 0; i < fast.size(); ++i) {
    const Accepted& f = fast[i];
    const Accepted& r = reference[i];
    CHECK(f.index == r.index);
    CHECK(f.profile == r.profile);
    CHECK(f.seq == r.seq);
    CHECK(f.reading.product_id == r.reading.product_id);
    CHECK(f.reading.unit_id == r.reading.unit_id);
    CHECK(f.reading.timestamp == r.reading.timestamp);
    CHECK(f.reading.step_index == r.reading.step_index);
    CHECK(f.reading.engine_type == r.reading.engine_type);
    REQUIRE(f.reading.values.size() == r.reading.values.size());
    for (std::size_t v = 0; v < f.reading.values.size(); ++v) {
      CHECK(same_number(f.reading.values[v], r.reading.values[v]));
    }
    CHECK(f.reading.labels.is_failure == r.reading.labels.is_failure);
    CHECK(f.reading.labels.failure_type == r.reading.labels.failure_type);
    REQUIRE(f.reading.labels.rul.has_value() == r.reading.labels.rul.has_value());
    if (f.reading.labels.rul) CHECK(same_number(*f.reading.labels.rul, *r.reading.labels.rul));
  }
}

struct Verdicts {
  int fast = 0;       // accepted by the fast decoder (and so, checked, by the reference)
  int handed_on = 0;  // left to the reference decoder
};

// Decodes `payload` both ways: whatever the fast decoder accepts, the
// reference must accept whole, with the same readings.
void compare(FastPayloadDecoder& fast, const std::string& topic, const std::string& payload, Verdicts& verdicts) {
  const auto profiles = catalog();
  const auto limits = pinned_limits();
  const DecodeResult reference = ingest::decode_mqtt(topic, payload, profiles, limits);
  const DecodeResult through_fast = ingest::decode_mqtt(topic, payload, profiles, limits, &fast);
  const std::string product = topic.substr(6, topic.find('/', 6) - 6);
  const std::string unit = topic.substr(7 + product.size(), topic.rfind('/') - 7 - product.size());
  const ingest::RecordTarget target{product, unit, &profiles.for_product(product), *limits.now + limits.max_future};
  const auto accepted = fast.decode(payload, target);
  if (accepted) {
    ++verdicts.fast;
    INFO("payload: " << payload);
    REQUIRE(reference.rejected.empty());
    require_same(*accepted, reference.accepted, payload);
  } else {
    ++verdicts.handed_on;
  }
  // Through decode_mqtt the answer is the reference's, refusals included.
  require_same(through_fast.accepted, reference.accepted, payload);
  REQUIRE(through_fast.rejected.size() == reference.rejected.size());
  for (std::size_t i = 0; i < reference.rejected.size(); ++i) {
    CHECK(through_fast.rejected[i].reason == reference.rejected[i].reason);
    CHECK(through_fast.rejected[i].index == reference.rejected[i].index);
  }
}

// Values a field may be given: each a raw JSON text, so that forms a json
// object cannot produce (-0, huge numbers, escapes) are covered too.
const std::vector<std::string> kValues = {
    "0", "1", "2", "-1", "-0", "0.0", "-0.0", "1.5", "42", "1e3", "1E-2", "-2.5e-3", "1e400", "-1e400",
    "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
    "1704103200000", "1704103200000.0", "253402300800000", "true", "false", "null", "\"\"", "\"L\"", "\"m \"",
    "\"X\"", "\"NaN\"", "\"-Infinity\"", "\"42\"", "\"2024-01-01T10:00:00Z\"", "\"2024-01-01T10:00:00\"",
    "\"2024-01-01T12:00:00+02:00\"", "\"2024-13-01T00:00:00Z\"", "\"2030-01-01T00:00:00Z\"", "\"\\u004c\"",
    "\"caf\\u00e9\"", "[]", "{}", "[1]", "{\"a\":1}"};

std::string raw_object(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string text = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) text += ",";
    text += "\"" + fields[i].first + "\":" + fields[i].second;
  }
  return text + "}";
}

std::vector<std::pair<std::string, std::string>> raw_fields(const json& record) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [key, value] : record.items()) fields.emplace_back(key, value.dump());
  return fields;
}

}  // namespace

TEST_CASE("Plain payloads take the fast decoder and give the reference readings", "[ingest]") {
  FastPayloadDecoder fast;
  Verdicts verdicts;
  compare(fast, kTopic, ai4i_record().dump(), verdicts);
  compare(fast, kTopic, json::array({ai4i_record(), ai4i_record(), ai4i_record()}).dump(), verdicts);
  compare(fast, kTopic, json::array().dump(), verdicts);
  json epoch = ai4i_record();
  epoch["ts"] = 1704103200000;
  epoch.erase("seq");
  epoch.erase("rul");
  epoch["synthetic_RUL"] = 12;
  epoch["engine_type"] = " m";
  epoch["is_failure"] = true;
  compare(fast, kTopic, epoch.dump(), verdicts);
  json labels_absent = ai4i_record();
  for (const char* key : {"engine_type", "is_failure", "failure_type", "rul"}) labels_absent.erase(key);
  labels_absent["unknown_field"] = {{"nested", 1}};
  compare(fast, kTopic, labels_absent.dump(2), verdicts);
  compare(fast, kTurbofanTopic, turbofan_record().dump(), verdicts);
  CHECK(verdicts.fast == 6);
  CHECK(verdicts.handed_on == 0);
}

TEST_CASE("Payloads the fast decoder is not sure of get the reference decoder's answer", "[ingest]") {
  FastPayloadDecoder fast;
  Verdicts verdicts;
  const auto good = raw_fields(ai4i_record());
  // A refused record anywhere in an array: the whole payload is decoded again.
  compare(fast, kTopic, "[" + ai4i_record().dump() + "," + without_ts() + "]", verdicts);
  // A repeated key: nlohmann keeps the last one.
  auto repeated = good;
  repeated.emplace_back("torque_Nm", "50.5");
  compare(fast, kTopic, raw_object(repeated), verdicts);
  // Not JSON, not an object, trailing text, invalid UTF-8.
  for (const std::string text : {"", "{", "42", "\"text\"", "null", "[1,2]", "{} {}", "{\"ts\":\"\xff\"}"}) {
    compare(fast, kTopic, text, verdicts);
  }
  CHECK(verdicts.fast == 0);
  CHECK(verdicts.handed_on == 10);
}

TEST_CASE("Every field given every kind of value: the fast decoder agrees with the reference", "[ingest]") {
  FastPayloadDecoder fast;
  Verdicts verdicts;
  for (const json& record : {ai4i_record(), turbofan_record()}) {
    const std::string& topic = record.contains("s1") ? kTurbofanTopic : kTopic;
    const auto good = raw_fields(record);
    std::vector<std::string> keys;
    for (const auto& [key, value] : good) keys.push_back(key);
    for (const char* extra : {"synthetic_RUL", "engine_type", "failure_type", "is_failure", "rul"}) keys.push_back(extra);
    for (const std::string& key : keys) {
      for (const std::string& value : kValues) {
        auto fields = good;
        bool replaced = false;
        for (auto& field : fields) {
          if (field.first == key) {
            field.second = value;
            replaced = true;
          }
        }
        if (!replaced) fields.emplace_back(key, value);
        compare(fast, topic, raw_object(fields), verdicts);
      }
      // The field left out.
      auto fields = good;
      std::erase_if(fields, [&](const auto& field) { return field.first == key; });
      compare(fast, topic, raw_object(fields), verdicts);
    }
  }
  // Both kinds occur, so neither side of the comparison is empty.
  CHECK(verdicts.fast > 200);
  CHECK(verdicts.handed_on > 500);
}

TEST_CASE("Random mixtures of field values: the fast decoder agrees with the reference", "[ingest]") {
  FastPayloadDecoder fast;
  Verdicts verdicts;
  std::mt19937 random(20261126);
  const auto good = raw_fields(ai4i_record());
  for (int round = 0; round < 3000; ++round) {
    std::vector<std::string> records;
    const int count = std::uniform_int_distribution<int>(1, 3)(random);
    for (int r = 0; r < count; ++r) {
      auto fields = good;
      for (auto& field : fields) {
        // Mostly the good value, so that some payloads stay acceptable.
        if (std::uniform_int_distribution<int>(0, 9)(random) == 0) {
          field.second = kValues[std::uniform_int_distribution<std::size_t>(0, kValues.size() - 1)(random)];
        }
      }
      std::shuffle(fields.begin(), fields.end(), random);
      records.push_back(raw_object(fields));
    }
    std::string payload = records.front();
    if (count > 1 || round % 2 == 0) {
      payload = "[";
      for (std::size_t i = 0; i < records.size(); ++i) payload += (i ? "," : "") + records[i];
      payload += "]";
    }
    compare(fast, kTopic, payload, verdicts);
  }
  CHECK(verdicts.fast > 300);
  CHECK(verdicts.handed_on > 300);
}
