#pragma once
// The retrain_pointer table: per model name, the newest telemetry the
// promoted model has learned from. Incremental retraining treats readings
// after it as new. It is written in the same transaction that promotes a
// model, so the two never disagree after a crash.
#include <optional>
#include <string>

#include "engine/common/time.hpp"
#include "engine/store/database.hpp"

namespace aegis::retraining {

std::optional<time::Millis> read_pointer(store::Database& database, const std::string& model_name);

// Sets (or clears, with nullopt) the pointer inside the caller's transaction.
void write_pointer(store::Connection& connection, const std::string& model_name,
                   std::optional<time::Millis> last_timestamp);

}  // namespace aegis::retraining
