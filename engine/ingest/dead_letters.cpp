#include "engine/ingest/dead_letters.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/ingest/text_head.hpp"
#include "engine/store/row_cap.hpp"

namespace aegis::ingest {

std::string_view to_string(IngestSource source) { return source == IngestSource::http ? "http" : "mqtt"; }

std::vector<DeadLetter> dead_letters_of(const DecodeResult& result, IngestSource source,
                                        std::optional<std::string> topic, time::Millis received_at) {
  if (result.rejected.empty()) return {};
  const Rejected& first = result.rejected.front();
  if (result.rejected.size() == 1) return {{0, received_at, source, std::move(topic), first.reason, first.payload_head}};
  // One letter for the whole message, however many of its records were
  // refused: a single payload of a hundred thousand bad records must not
  // push every earlier letter out of the bounded table.
  const std::size_t refused = result.rejected.size();
  std::string reason = std::to_string(refused) + " of " + std::to_string(refused + result.accepted.size()) +
                       " records refused: ";
  const std::size_t listed = std::min(refused, kReasonsPerLetter);
  for (std::size_t i = 0; i < listed; ++i) {
    const Rejected& rejected = result.rejected[i];
    if (i > 0) reason += "; ";
    if (rejected.index) reason += "[" + std::to_string(*rejected.index) + "] ";
    reason += rejected.reason;
  }
  if (refused > listed) reason += "; and " + std::to_string(refused - listed) + " more";
  return {{0, received_at, source, std::move(topic), std::move(reason), first.payload_head}};
}

DeadLetterStore::DeadLetterStore(store::Database& database, std::size_t max_rows)
    : database_(database), max_rows_(max_rows) {
  if (max_rows == 0) throw std::invalid_argument("dead-letter table bound must be at least 1 row");
}

void DeadLetterStore::add(const std::vector<DeadLetter>& letters) {
  if (letters.empty()) return;
  database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    store::Statement insert(connection,
                            "INSERT INTO dead_letter (received_at, source, topic, reason, payload_head) "
                            "VALUES (?, ?, ?, ?, ?)");
    for (const DeadLetter& letter : letters) {
      insert.bind(1, time::to_epoch_ms(letter.received_at))
          .bind(2, to_string(letter.source))
          .bind(3, letter.topic)
          .bind(4, letter.reason)
          .bind(5, text_head(letter.payload, kPayloadHeadBytes));
      insert.run();
    }
    store::keep_newest_rows(connection, "dead_letter", static_cast<std::int64_t>(max_rows_));
    transaction.commit();
  });
  total_added_ += letters.size();
}

std::int64_t DeadLetterStore::count() const {
  auto connection = database_.reader();
  store::Statement query(*connection, "SELECT count(*) FROM dead_letter");
  query.step();
  return query.column_int(0);
}

std::vector<DeadLetter> DeadLetterStore::recent(int limit) const {
  auto connection = database_.reader();
  store::Statement query(*connection,
                         "SELECT id, received_at, source, topic, reason, payload_head FROM dead_letter "
                         "ORDER BY id DESC LIMIT ?");
  query.bind(1, static_cast<std::int64_t>(limit));
  std::vector<DeadLetter> letters;
  while (query.step()) {
    letters.push_back({query.column_int(0), time::from_epoch_ms(query.column_int(1)),
                       query.column_text(2) == "http" ? IngestSource::http : IngestSource::mqtt,
                       query.column_optional_text(3), query.column_text(4),
                       query.column_optional_text(5).value_or("")});
  }
  return letters;
}

}  // namespace aegis::ingest
