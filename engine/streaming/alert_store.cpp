#include "engine/streaming/alert_store.hpp"

namespace aegis::streaming {

nlohmann::json AlertRecord::to_json() const {
  nlohmann::json json{{"product_id", product_id},
                      {"unit_id", unit_id},
                      {"kind", kind},
                      {"transition", transition},
                      {"value", value},
                      {"threshold", threshold},
                      {"model_name", model_name},
                      {"model_version", model_version},
                      {"reading_at", time::format_iso8601(reading_at)},
                      {"created_at", time::format_iso8601(created_at)}};
  if (id != 0) json["id"] = id;
  return json;
}

void AlertStore::add(const std::vector<AlertRecord>& alerts) {
  if (alerts.empty()) return;
  database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    store::Statement insert(connection,
                            "INSERT INTO alert (product_id, unit_id, kind, transition, value, threshold, model_name, "
                            "model_version, reading_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& alert : alerts) {
      insert.bind(1, alert.product_id).bind(2, alert.unit_id).bind(3, alert.kind).bind(4, alert.transition);
      insert.bind(5, alert.value).bind(6, alert.threshold).bind(7, alert.model_name).bind(8, alert.model_version);
      insert.bind(9, time::to_epoch_ms(alert.reading_at)).bind(10, time::to_epoch_ms(alert.created_at));
      insert.run();
    }
    transaction.commit();
  });
}

std::vector<AlertRecord> AlertStore::recent(const std::optional<std::string>& product_id,
                                            const std::optional<std::string>& unit_id, int limit) const {
  auto connection = database_.reader();
  store::Statement query(*connection,
                         "SELECT id, product_id, unit_id, kind, transition, value, threshold, model_name, model_version, "
                         "reading_at, created_at FROM alert WHERE (?1 IS NULL OR product_id = ?1) AND "
                         "(?2 IS NULL OR unit_id = ?2) ORDER BY id DESC LIMIT ?3");
  query.bind(1, product_id).bind(2, unit_id).bind(3, static_cast<std::int64_t>(limit));
  std::vector<AlertRecord> alerts;
  while (query.step()) {
    alerts.push_back(AlertRecord{query.column_int(0), query.column_text(1), query.column_text(2), query.column_text(3),
                                 query.column_text(4), query.column_double(5), query.column_double(6),
                                 query.column_text(7), query.column_text(8), time::from_epoch_ms(query.column_int(9)),
                                 time::from_epoch_ms(query.column_int(10))});
  }
  return alerts;
}

}  // namespace aegis::streaming
