#pragma once
// The common MQTT payload, decoded without building a JSON tree: one record
// object (or an array of them) whose every field is well-formed. Parsing
// with nlohmann::json cost more CPU per reading than storing it, and on a
// small gateway the decoder shares the cores with the broker and the MQTT
// client, so it decides how fast a backlog drains.
//
// It only ever accepts: a payload it is not sure of (a refused field, a
// duplicate key, a number it cannot reproduce exactly, text that is not
// JSON) makes decode() return nullopt, and the caller decodes it again with
// the reference decoder (decode_mqtt), whose answer and refusal messages
// stand. What it accepts equals, field for field, what decode_mqtt accepts.
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/ingest/payload_decoder.hpp"
#include "engine/ingest/record_decoder.hpp"

namespace aegis::ingest {

class FastPayloadDecoder {
 public:
  FastPayloadDecoder();
  ~FastPayloadDecoder();
  FastPayloadDecoder(const FastPayloadDecoder&) = delete;
  FastPayloadDecoder& operator=(const FastPayloadDecoder&) = delete;

  // Every record of `payload`, accepted for `target`, in payload order with
  // their indexes; nullopt when any record would be refused, or the payload
  // needs the reference decoder for any other reason. One caller at a time:
  // the parser's buffers are reused between calls.
  std::optional<std::vector<Accepted>> decode(std::string_view payload, const RecordTarget& target);

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace aegis::ingest
