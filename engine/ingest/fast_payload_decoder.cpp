#include "engine/ingest/fast_payload_decoder.hpp"

#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace aegis::ingest {

struct FastPayloadDecoder::Parser {
  simdjson::dom::parser json;
};

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The fields decode_record reads, each null until the record names it.
// nlohmann keeps the last of two equal keys; rather than copy that, a
// repeated field sends the payload to the reference decoder.
struct RecordFields {
  std::optional<element> ts, seq, engine_type, is_failure, failure_type, rul, synthetic_rul;
  std::vector<std::optional<element>> sensors;

  // Kept between the records of an array, so its vector is allocated once.
  void clear(std::size_t sensor_count) {
    ts = seq = engine_type = is_failure = failure_type = rul = synthetic_rul = std::nullopt;
    sensors.assign(sensor_count, std::nullopt);
  }
};

// False when `slot` was already set.
bool take(std::optional<element>& slot, const element& value) {
  if (slot) return false;
  slot = value;
  return true;
}

// Absent and null both mean "not sent", as in decode_record.
bool sent(const std::optional<element>& value) { return value && value->type() != element_type::NULL_VALUE; }

// The non-negative integers decode_record accepts for ts and seq. A JSON
// "-0" is a signed zero to nlohmann (accepted) but may be a double here:
// not accepted here, so the reference decoder decides.
std::optional<std::int64_t> non_negative_integer(const element& value) {
  if (value.type() == element_type::INT64) {
    const std::int64_t number = value.get_int64().value_unsafe();
    if (number >= 0) return number;
  } else if (value.type() == element_type::UINT64) {
    const std::uint64_t number = value.get_uint64().value_unsafe();
    if (number <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(number);
    }
  }
  return std::nullopt;
}

// A number as decode_record stores it; nullopt for anything it would
// refuse, and for a negative zero written as a double, whose sign the
// reference decoder may read differently ("-0" is the integer 0 there).
std::optional<double> finite_number(const element& value) {
  switch (value.type()) {
    case element_type::INT64: return static_cast<double>(value.get_int64().value_unsafe());
    case element_type::UINT64: return static_cast<double>(value.get_uint64().value_unsafe());
    case element_type::DOUBLE: {
      const double number = value.get_double().value_unsafe();
      if (!std::isfinite(number) || (number == 0.0 && std::signbit(number))) return std::nullopt;
      return number;
    }
    default: return std::nullopt;
  }
}

std::optional<std::string> text(const element& value) {
  if (value.type() != element_type::STRING) return std::nullopt;
  return std::string(value.get_string().value_unsafe());
}

bool collect(const simdjson::dom::object& record, const profiles::SensorProfile& profile, RecordFields& fields) {
  fields.clear(profile.sensors.size());
  for (const auto field : record) {
    const std::string_view key = field.key;
    const element& value = field.value;
    // Not else-if: a profile may name a sensor like a label, and then
    // decode_record reads the one value in both roles.
    bool ok = true;
    if (key == "ts") ok = take(fields.ts, value);
    if (key == "seq") ok = ok && take(fields.seq, value);
    if (key == "engine_type") ok = ok && take(fields.engine_type, value);
    if (key == "is_failure") ok = ok && take(fields.is_failure, value);
    if (key == "failure_type") ok = ok && take(fields.failure_type, value);
    if (key == "rul") ok = ok && take(fields.rul, value);
    if (key == "synthetic_RUL") ok = ok && take(fields.synthetic_rul, value);
    for (std::size_t i = 0; i < profile.sensors.size(); ++i) {
      if (key == profile.sensors[i]) ok = ok && take(fields.sensors[i], value);
    }
    if (!ok) return false;
  }
  return true;
}

// decode_record's rules, field for field; nullopt wherever it would refuse.
std::optional<Accepted> decode_record_fast(const simdjson::dom::object& record, const RecordTarget& target,
                                           RecordFields& fields) {
  const profiles::SensorProfile& profile = *target.profile;
  if (!collect(record, profile, fields)) return std::nullopt;

  Accepted accepted;
  accepted.profile = profile.name;
  telemetry::Reading& reading = accepted.reading;
  reading.product_id = target.product_id;
  reading.unit_id = target.unit_id;

  if (!sent(fields.ts)) return std::nullopt;
  std::optional<time::Millis> instant;
  if (fields.ts->type() == element_type::STRING) {
    instant = time::parse_iso8601(fields.ts->get_string().value_unsafe());
  } else if (const auto epoch_ms = non_negative_integer(*fields.ts)) {
    instant = time::from_epoch_ms(*epoch_ms);
  }
  if (!instant || *instant > target.latest_ts) return std::nullopt;
  reading.timestamp = *instant;

  if (sent(fields.seq)) {
    accepted.seq = non_negative_integer(*fields.seq);
    if (!accepted.seq) return std::nullopt;
  }
  reading.step_index = accepted.seq.value_or(0);

  if (profile.has_engine_type && sent(fields.engine_type)) {
    if (fields.engine_type->type() != element_type::STRING) return std::nullopt;
    auto stored = canonical_engine_type(fields.engine_type->get_string().value_unsafe());
    if (!stored) return std::nullopt;
    reading.engine_type = std::move(*stored);
  }

  reading.values.reserve(profile.sensors.size());
  for (const auto& sensor : fields.sensors) {
    if (!sensor) return std::nullopt;
    const auto number = finite_number(*sensor);
    if (!number) return std::nullopt;
    reading.values.push_back(*number);
  }

  telemetry::Labels& labels = reading.labels;
  if (sent(fields.is_failure)) {
    const element& value = *fields.is_failure;
    if (value.type() == element_type::BOOL) {
      labels.is_failure = value.get_bool().value_unsafe() ? 1 : 0;
    } else if (const auto flag = non_negative_integer(value); flag && *flag <= 1) {
      labels.is_failure = static_cast<int>(*flag);
    } else {
      return std::nullopt;
    }
  }
  if (sent(fields.failure_type)) {
    labels.failure_type = text(*fields.failure_type);
    if (!labels.failure_type) return std::nullopt;
  }
  // "rul" first, as decode_record reads them.
  for (const auto* rul : {&fields.rul, &fields.synthetic_rul}) {
    if (!sent(*rul)) continue;
    labels.rul = finite_number(**rul);
    if (!labels.rul) return std::nullopt;
    break;
  }
  return accepted;
}

}  // namespace

FastPayloadDecoder::FastPayloadDecoder() : parser_(std::make_unique<Parser>()) {}
FastPayloadDecoder::~FastPayloadDecoder() = default;

std::optional<std::vector<Accepted>> FastPayloadDecoder::decode(std::string_view payload,
                                                                const RecordTarget& target) {
  element root;
  if (parser_->json.parse(payload.data(), payload.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  std::vector<Accepted> accepted;
  RecordFields fields;
  auto add = [&](const element& value, std::size_t index) {
    if (value.type() != element_type::OBJECT) return false;
    auto record = decode_record_fast(value.get_object().value_unsafe(), target, fields);
    if (!record) return false;
    record->index = index;
    accepted.push_back(std::move(*record));
    return true;
  };
  if (root.type() == element_type::OBJECT) {
    if (!add(root, 0)) return std::nullopt;
  } else if (root.type() == element_type::ARRAY) {
    const auto records = root.get_array().value_unsafe();
    accepted.reserve(records.size());
    std::size_t index = 0;
    for (const element value : records) {
      if (!add(value, index++)) return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  return accepted;
}

}  // namespace aegis::ingest
