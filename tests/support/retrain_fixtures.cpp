#include "tests/support/retrain_fixtures.hpp"

#include <cstdio>

#include "engine/common/time.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "tests/support/model_fixtures.hpp"

namespace aegis::test {

std::vector<telemetry::Reading> labelled_history(const std::string& product_id, const std::string& unit_id, int life,
                                                 bool degrading, int first, int count, bool inverted) {
  auto all = unit_history(product_id, unit_id, life, degrading);
  std::vector<telemetry::Reading> rows;
  for (int step = first; step < first + count && step < life; ++step) {
    auto reading = all[static_cast<std::size_t>(step)];
    const bool failed = degrading && step >= life * 4 / 5;
    reading.labels.is_failure = (failed != inverted) ? 1 : 0;
    reading.labels.failure_type = failed ? "Overstrain Failure" : "No Failure";
    reading.labels.rul = static_cast<double>(life - 1 - step);
    rows.push_back(std::move(reading));
  }
  return rows;
}

std::vector<std::string> unit_names(int count) {
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "U%02d", i);
    names.emplace_back(name);
  }
  return names;
}

nlohmann::json telemetry_body(const std::vector<telemetry::Reading>& readings) {
  const auto profile = profiles::ai4i_profile();
  nlohmann::json records = nlohmann::json::array();
  for (const auto& reading : readings) {
    nlohmann::json record{{"product_id", reading.product_id},
                          {"unit_id", reading.unit_id},
                          {"ts", time::format_iso8601(reading.timestamp)},
                          {"engine_type", reading.engine_type}};
    for (std::size_t i = 0; i < profile.sensors.size(); ++i) record[profile.sensors[i]] = reading.values[i];
    if (reading.labels.is_failure) record["is_failure"] = *reading.labels.is_failure;
    if (reading.labels.failure_type) record["failure_type"] = *reading.labels.failure_type;
    if (reading.labels.rul) record["rul"] = *reading.labels.rul;
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace aegis::test
