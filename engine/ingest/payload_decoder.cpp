#include "engine/ingest/payload_decoder.hpp"

#include <nlohmann/json.hpp>

#include "engine/common/json_error_text.hpp"
#include "engine/ingest/fast_payload_decoder.hpp"
#include "engine/ingest/record_decoder.hpp"
#include "engine/ingest/text_head.hpp"
#include "engine/telemetry/unit_id_rule.hpp"

namespace aegis::ingest {
namespace {

using nlohmann::json;

constexpr std::size_t kParserMessageBytes = 200;
constexpr std::string_view kTopicSuffix = "/telemetry";

struct UnitOfTopic {
  std::string product_id;
  std::string unit_id;
};

// <prefix>/<product_id>/<unit_id>/telemetry, each id one non-empty level.
std::optional<UnitOfTopic> parse_topic(std::string_view topic, std::string_view prefix) {
  if (!prefix.empty()) {
    if (!topic.starts_with(prefix) || topic.substr(prefix.size()).substr(0, 1) != "/") return std::nullopt;
    topic.remove_prefix(prefix.size() + 1);
  }
  if (!topic.ends_with(kTopicSuffix)) return std::nullopt;
  topic.remove_suffix(kTopicSuffix.size());
  const auto slash = topic.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == topic.size()) return std::nullopt;
  if (topic.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
  return UnitOfTopic{std::string(topic.substr(0, slash)), std::string(topic.substr(slash + 1))};
}

// nlohmann's message without its tag, short and ASCII: it echoes the
// offending bytes, which need not be UTF-8.
std::string parser_message(const json::exception& error) {
  std::string ascii = text_head(json_text::without_tag(error), kParserMessageBytes);
  for (char& c : ascii) {
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  }
  return ascii;
}

time::Millis latest_ts(const DecodeLimits& limits) { return limits.now.value_or(time::now()) + limits.max_future; }

std::string dumped_head(const json& value) {
  return text_head(value.dump(-1, ' ', false, json::error_handler_t::replace), kPayloadHeadBytes);
}

void decode_into(DecodeResult& result, const json& record, const RecordTarget& target, std::size_t index,
                 std::string_view raw_text) {
  try {
    Accepted accepted = decode_record(record, target);
    accepted.index = index;
    result.accepted.push_back(std::move(accepted));
  } catch (const RecordRejected& rejection) {
    result.rejected.push_back(
        {index, rejection.what(), raw_text.empty() ? dumped_head(record) : text_head(raw_text, kPayloadHeadBytes)});
  }
}

// An HTTP record's product_id or unit_id.
std::string unit_field(const json& record, const char* name) {
  const auto it = record.find(name);
  if (it == record.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) {
    throw RecordRejected(std::string("missing ") + name);
  }
  if (!it->is_string()) throw RecordRejected(std::string("invalid ") + name + ": " + describe_value(*it));
  const auto& id = it->get_ref<const std::string&>();
  if (const auto problem = telemetry::unit_id_problem(id)) {
    throw RecordRejected(std::string("invalid ") + name + ": " + *problem);
  }
  return id;
}

}  // namespace

DecodeResult decode_mqtt(std::string_view topic, std::string_view payload, const profiles::ProfileCatalog& catalog,
                         const DecodeLimits& limits, FastPayloadDecoder* fast) {
  DecodeResult result;
  auto refuse_whole = [&](std::string reason) {
    result.rejected.push_back({std::nullopt, std::move(reason), text_head(payload, kPayloadHeadBytes)});
    return result;
  };

  const auto unit = parse_topic(topic, limits.topic_prefix);
  if (!unit) return refuse_whole("topic does not match " + limits.topic_prefix + "/+/+/telemetry");
  for (const auto& [name, id] : {std::pair{"product_id", &unit->product_id}, std::pair{"unit_id", &unit->unit_id}}) {
    if (const auto problem = telemetry::unit_id_problem(*id)) {
      return refuse_whole(std::string("topic's ") + name + " is invalid: " + *problem);
    }
  }
  if (payload.size() > limits.max_payload_bytes) {
    return refuse_whole("payload of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                        std::to_string(limits.max_payload_bytes));
  }
  const RecordTarget target{unit->product_id, unit->unit_id, &catalog.for_product(unit->product_id),
                            latest_ts(limits)};
  if (fast) {
    if (auto accepted = fast->decode(payload, target)) {
      result.accepted = std::move(*accepted);
      return result;
    }
  }

  json document;
  try {
    document = json::parse(payload.begin(), payload.end());
  } catch (const json::exception& error) {
    return refuse_whole("payload is not JSON: " + parser_message(error));
  }
  if (document.is_object()) {
    decode_into(result, document, target, 0, payload);
  } else if (document.is_array()) {
    result.accepted.reserve(document.size());
    for (std::size_t i = 0; i < document.size(); ++i) decode_into(result, document[i], target, i, {});
  } else {
    return refuse_whole("payload is not a JSON object or array of objects");
  }
  return result;
}

DecodeResult decode_http(const json& records, const profiles::ProfileCatalog& catalog, const DecodeLimits& limits) {
  DecodeResult result;
  if (!records.is_array()) {
    result.rejected.push_back({std::nullopt, "body is not a JSON list of records", dumped_head(records)});
    return result;
  }
  const time::Millis latest = latest_ts(limits);
  result.accepted.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json& record = records[i];
    try {
      if (!record.is_object()) throw RecordRejected("record is not a JSON object: " + describe_value(record));
      std::string product_id = unit_field(record, "product_id");
      std::string unit_id = unit_field(record, "unit_id");
      const profiles::SensorProfile& profile = catalog.for_product(product_id);
      decode_into(result, record, {std::move(product_id), std::move(unit_id), &profile, latest}, i, {});
    } catch (const RecordRejected& rejection) {
      result.rejected.push_back({i, rejection.what(), dumped_head(record)});
    }
  }
  return result;
}

}  // namespace aegis::ingest
