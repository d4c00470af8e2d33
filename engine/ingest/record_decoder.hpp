#pragma once
// One telemetry record (a JSON object of SPEC section 5) into a reading of a
// known unit. The payload decoder finds the unit and the profile; this file
// knows the fields.
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/common/time.hpp"
#include "engine/ingest/payload_decoder.hpp"
#include "engine/profiles/sensor_profile.hpp"

namespace aegis::ingest {

// Why a record was refused; what() is the reason the sender sees.
class RecordRejected : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RecordTarget {
  std::string product_id;
  std::string unit_id;
  const profiles::SensorProfile* profile;
  time::Millis latest_ts;  // a later ts is refused as being in the future
};

// Throws RecordRejected naming the first field at fault. The result's index
// is 0; the caller knows the record's place in its batch.
Accepted decode_record(const nlohmann::json& record, const RecordTarget& target);

// The letter an engine_type text is stored as, "" for an empty text;
// nullopt when it names no quality variant.
std::optional<std::string> canonical_engine_type(std::string_view text);

// A JSON value as it appears in a reason: strings quoted with '...', long
// values cut short so one bad field cannot flood a log line.
std::string describe_value(const nlohmann::json& value);

}  // namespace aegis::ingest
