#include "engine/ingest/record_decoder.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/features/engine_type.hpp"
#include "engine/ingest/text_head.hpp"

namespace aegis::ingest {
namespace {

using nlohmann::json;

constexpr std::size_t kDescribedValueBytes = 64;
// 9999-12-31T23:59:59.999Z: the last instant ISO 8601 text can name.
constexpr std::int64_t kLastFourDigitYearMs = 253402300799999;

[[noreturn]] void reject(const std::string& reason) { throw RecordRejected(reason); }

// The field's value, or nullptr when it is absent or null (both mean "not sent").
const json* field(const json& record, const char* name) {
  const auto it = record.find(name);
  if (it == record.end() || it->is_null()) return nullptr;
  return &*it;
}

// Non-negative integers only; JSON floats (even 42.0) are refused so that a
// sender's type mistake shows instead of being rounded.
// (The parser stores non-negative integers as unsigned, code that builds a
// json value as signed: both count.)
std::optional<std::int64_t> non_negative_integer(const json& value) {
  if (value.is_number_unsigned()) {
    const auto raw = value.get<std::uint64_t>();
    if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(raw);
  }
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::int64_t>();
  return std::nullopt;
}

// "NaN", "-Infinity", "inf": what senders write for values JSON cannot hold.
bool names_non_finite(const std::string& text) {
  std::string word;
  for (const char c : text) {
    if (c == '+' || c == '-') {
      if (!word.empty()) return false;
      continue;
    }
    word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return word == "nan" || word == "inf" || word == "infinity";
}

double finite_number(const json& value, const std::string& name) {
  if (value.is_number()) {
    const double number = value.get<double>();
    if (!std::isfinite(number)) reject(name + " is not finite");
    return number;
  }
  if (value.is_string() && names_non_finite(value.get_ref<const std::string&>())) reject(name + " is not finite");
  reject(name + " is not a number");
}

std::string describe_instant(std::int64_t epoch_ms) {
  if (epoch_ms > kLastFourDigitYearMs) return std::to_string(epoch_ms);
  return time::format_iso8601(time::from_epoch_ms(epoch_ms));
}

time::Millis decode_ts(const json& record, time::Millis latest) {
  const json* ts = field(record, "ts");
  if (!ts) reject("missing ts");
  std::optional<time::Millis> instant;
  if (ts->is_string()) {
    instant = time::parse_iso8601(ts->get_ref<const std::string&>());
  } else if (const auto epoch_ms = non_negative_integer(*ts)) {
    instant = time::from_epoch_ms(*epoch_ms);
  }
  if (!instant) reject("invalid ts: " + describe_value(*ts));
  if (*instant > latest) reject("ts is in the future: " + describe_instant(time::to_epoch_ms(*instant)));
  return *instant;
}

std::optional<std::int64_t> decode_seq(const json& record) {
  const json* seq = field(record, "seq");
  if (!seq) return std::nullopt;
  const auto value = non_negative_integer(*seq);
  if (!value) reject("invalid seq: " + describe_value(*seq));
  return value;
}

// Stored as the canonical letter; an absent or empty value stays empty
// (features encode it as the seed did, 0).
std::string decode_engine_type(const json& record) {
  const json* engine_type = field(record, "engine_type");
  if (!engine_type) return {};
  if (!engine_type->is_string()) reject("invalid engine_type: " + describe_value(*engine_type));
  auto stored = canonical_engine_type(engine_type->get_ref<const std::string&>());
  if (!stored) reject("invalid engine_type: " + describe_value(*engine_type));
  return std::move(*stored);
}

telemetry::Labels decode_labels(const json& record) {
  telemetry::Labels labels;
  if (const json* is_failure = field(record, "is_failure")) {
    if (is_failure->is_boolean()) {
      labels.is_failure = is_failure->get<bool>() ? 1 : 0;
    } else if (const auto value = non_negative_integer(*is_failure); value && *value <= 1) {
      labels.is_failure = static_cast<int>(*value);
    } else {
      reject("invalid is_failure: " + describe_value(*is_failure));
    }
  }
  if (const json* failure_type = field(record, "failure_type")) {
    if (!failure_type->is_string()) reject("invalid failure_type: " + describe_value(*failure_type));
    labels.failure_type = failure_type->get<std::string>();
  }
  for (const char* name : {"rul", "synthetic_RUL"}) {
    if (const json* rul = field(record, name)) {
      labels.rul = finite_number(*rul, name);
      break;
    }
  }
  return labels;
}

}  // namespace

std::optional<std::string> canonical_engine_type(std::string_view text) {
  if (text.empty()) return std::string();
  switch (features::parse_engine_type(text)) {
    case features::EngineType::H: return "H";
    case features::EngineType::L: return "L";
    case features::EngineType::M: return "M";
    case features::EngineType::Unknown: break;
  }
  return std::nullopt;
}

std::string describe_value(const json& value) {
  auto cut = [](const std::string& text) {
    std::string head = text_head(text, kDescribedValueBytes);
    return head.size() < text.size() ? head + "..." : head;
  };
  if (value.is_string()) return "'" + cut(value.get_ref<const std::string&>()) + "'";
  return cut(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

Accepted decode_record(const json& record, const RecordTarget& target) {
  if (!record.is_object()) reject("record is not a JSON object: " + describe_value(record));
  const profiles::SensorProfile& profile = *target.profile;

  Accepted accepted;
  accepted.profile = profile.name;
  telemetry::Reading& reading = accepted.reading;
  reading.product_id = target.product_id;
  reading.unit_id = target.unit_id;
  reading.timestamp = decode_ts(record, target.latest_ts);
  accepted.seq = decode_seq(record);
  reading.step_index = accepted.seq.value_or(0);
  if (profile.has_engine_type) reading.engine_type = decode_engine_type(record);

  reading.values.reserve(profile.sensors.size());
  for (const std::string& sensor : profile.sensors) {
    const auto it = record.find(sensor);
    if (it == record.end()) reject("missing sensor " + sensor);
    reading.values.push_back(finite_number(*it, sensor));
  }
  reading.labels = decode_labels(record);
  return accepted;
}

}  // namespace aegis::ingest
