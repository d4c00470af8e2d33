#include "engine/retraining/retrain_pointer.hpp"

namespace aegis::retraining {

std::optional<time::Millis> read_pointer(store::Database& database, const std::string& model_name) {
  auto connection = database.reader();
  store::Statement query(*connection, "SELECT last_timestamp FROM retrain_pointer WHERE model_name = ?");
  query.bind(1, model_name);
  if (!query.step()) return std::nullopt;
  const auto value = query.column_optional_int(0);
  if (!value) return std::nullopt;
  return time::from_epoch_ms(*value);
}

void write_pointer(store::Connection& connection, const std::string& model_name,
                   std::optional<time::Millis> last_timestamp) {
  store::Statement upsert(connection,
                          "INSERT INTO retrain_pointer (model_name, last_timestamp, updated_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (model_name) DO UPDATE SET last_timestamp = excluded.last_timestamp, "
                          "updated_at = excluded.updated_at");
  upsert.bind(1, model_name);
  if (last_timestamp) {
    upsert.bind(2, time::to_epoch_ms(*last_timestamp));
  } else {
    upsert.bind_null(2);
  }
  upsert.bind(3, time::to_epoch_ms(time::now()));
  upsert.run();
}

}  // namespace aegis::retraining
