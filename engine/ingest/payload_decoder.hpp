#pragma once
// Telemetry payloads (SPEC section 5) into readings: MQTT messages, whose
// topic names the unit, and HTTP record lists, whose records name it. Bad
// input is never an exception: every record is either accepted or rejected
// with a one-line reason, so the feed goes on and the sender learns why.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::ingest {

// How far ahead of the gateway's clock a reading may be stamped (senders'
// clock skew); shared by every path telemetry enters through.
inline constexpr std::chrono::milliseconds kMaxFutureSkew = std::chrono::hours(24);

struct DecodeLimits {
  std::string topic_prefix = "aegis";             // topics are <prefix>/<product_id>/<unit_id>/telemetry
  std::size_t max_payload_bytes = 256 * 1024;     // a bigger MQTT payload is refused whole
  std::chrono::milliseconds max_future = kMaxFutureSkew;  // tolerated clock skew of senders
  std::optional<time::Millis> now;                // the clock the future check uses; the system clock when unset
};

// A record that became a reading.
struct Accepted {
  telemetry::Reading reading;
  std::string profile;               // name of the unit's sensor profile
  std::optional<std::int64_t> seq;   // the sender's seq; nullopt when it sent none (step_index is then 0)
  std::size_t index = 0;             // position in the batch (0 for a single object)
  std::uint64_t journal_seq = 0;     // the intake journal record it came from; 0: not journaled (HTTP)
};

// A record, or a whole payload, that was refused.
struct Rejected {
  std::optional<std::size_t> index;  // position in the batch; nullopt when the whole payload was refused
  std::string reason;                // e.g. "missing ts", "torque_Nm is not a number"
  std::string payload_head;          // the start of the refused text, for the dead-letter table
};

struct DecodeResult {
  std::vector<Accepted> accepted;
  std::vector<Rejected> rejected;
};

// How much of a refused payload is kept for diagnosis.
inline constexpr std::size_t kPayloadHeadBytes = 512;

class FastPayloadDecoder;

// `topic` must be <limits.topic_prefix>/<product_id>/<unit_id>/telemetry;
// `payload` one JSON object or an array of them. A bad topic, an oversized
// payload or text that is not JSON refuses the payload whole; otherwise each
// array item is accepted or refused on its own. With `fast`, a payload whose
// records are all accepted skips the JSON tree (see fast_payload_decoder.hpp);
// the result is the same.
DecodeResult decode_mqtt(std::string_view topic, std::string_view payload, const profiles::ProfileCatalog& catalog,
                         const DecodeLimits& limits, FastPayloadDecoder* fast = nullptr);

// `records` must be a JSON list of objects that also carry `product_id` and
// `unit_id`; anything else is refused whole. Only limits.max_future and
// limits.now apply.
DecodeResult decode_http(const nlohmann::json& records, const profiles::ProfileCatalog& catalog,
                         const DecodeLimits& limits = {});

}  // namespace aegis::ingest
