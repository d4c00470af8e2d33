#pragma once
// Alerts raised and cleared by streaming scoring, kept in the `alert` table.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/store/database.hpp"

namespace aegis::streaming {

struct AlertRecord {
  std::int64_t id = 0;  // set when read back
  std::string product_id;
  std::string unit_id;
  std::string kind;        // failure_risk | low_rul
  std::string transition;  // raised | cleared
  double value = 0;        // the failure probability or the RUL in hours
  double threshold = 0;    // the line that was crossed
  std::string model_name;
  std::string model_version;
  time::Millis reading_at{};  // the reading that caused it
  time::Millis created_at{};

  // What the API lists and MQTT carries (the id only once stored).
  nlohmann::json to_json() const;
};

class AlertStore {
 public:
  explicit AlertStore(store::Database& database) : database_(database) {}
  void add(const std::vector<AlertRecord>& alerts);
  // Newest first, optionally for one product and unit.
  std::vector<AlertRecord> recent(const std::optional<std::string>& product_id,
                                  const std::optional<std::string>& unit_id, int limit) const;

 private:
  store::Database& database_;
};

}  // namespace aegis::streaming
