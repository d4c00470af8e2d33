#pragma once
// Refused telemetry, kept for diagnosis in a bounded table (SPEC section 5):
// the newest max_rows letters stay, older ones make room, so a sender stuck
// on a bad payload cannot fill the gateway's disk.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/ingest/payload_decoder.hpp"
#include "engine/store/database.hpp"

namespace aegis::ingest {

enum class IngestSource { mqtt, http };

std::string_view to_string(IngestSource source);  // "mqtt", "http"

struct DeadLetter {
  std::int64_t id = 0;  // set when read back
  time::Millis received_at{};
  IngestSource source = IngestSource::mqtt;
  std::optional<std::string> topic;  // the MQTT topic; none over HTTP
  std::string reason;
  std::string payload;  // only the first kPayloadHeadBytes bytes are stored
};

// One letter per rejection of a decode result.
// The reasons one letter lists at most, first refused first.
inline constexpr std::size_t kReasonsPerLetter = 5;

// One letter per message: the refusal itself when the message had one,
// else "N of M records refused: [i] reason; ..." with the first
// kReasonsPerLetter reasons and the first refused record's text.
std::vector<DeadLetter> dead_letters_of(const DecodeResult& result, IngestSource source,
                                        std::optional<std::string> topic, time::Millis received_at);

class DeadLetterStore {
 public:
  explicit DeadLetterStore(store::Database& database, std::size_t max_rows = 10000);

  // Stores the letters and trims the table to max_rows, in one transaction.
  void add(const std::vector<DeadLetter>& letters);

  // Letters in the table now (at most max_rows).
  std::int64_t count() const;
  // The newest `limit` letters, newest first.
  std::vector<DeadLetter> recent(int limit) const;
  // Letters added since this store was made, including those trimmed since.
  std::uint64_t total_added() const { return total_added_.load(); }

 private:
  store::Database& database_;
  std::size_t max_rows_;
  std::atomic<std::uint64_t> total_added_{0};
};

}  // namespace aegis::ingest
