#pragma once
// Telemetry rows in and out of the store, for any sensor profile. Inserting a
// row whose (product_id, unit_id, timestamp) is already stored changes
// nothing, so a redelivered reading never makes a duplicate.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/store/database.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::telemetry {

struct UnitKey {
  std::string product_id;
  std::string unit_id;
  auto operator<=>(const UnitKey&) const = default;
};

class TelemetryStore {
 public:
  explicit TelemetryStore(store::Database& database) : database_(database) {}

  // Inserts in one transaction; returns how many rows were new.
  std::size_t insert(const profiles::SensorProfile& profile, std::span<const Reading> readings);
  // The same, telling for each reading whether it made a new row (false: the
  // row was already stored, or came earlier in `readings`).
  std::vector<bool> insert_new(const profiles::SensorProfile& profile, std::span<const Reading> readings);

  // The unit's last `limit` rows at or before `until` (all rows when
  // nullopt), oldest first.
  std::vector<Reading> recent(const profiles::SensorProfile& profile, const UnitKey& unit,
                              std::optional<time::Millis> until, int limit) const;

  // Every row of the unit, oldest first.
  std::vector<Reading> history(const profiles::SensorProfile& profile, const UnitKey& unit) const;

  std::vector<UnitKey> units(const profiles::SensorProfile& profile) const;
  std::int64_t count(const profiles::SensorProfile& profile) const;
  // Rows stamped after `after` (all rows when nullopt); walks the time index.
  std::int64_t count_after(const profiles::SensorProfile& profile, std::optional<time::Millis> after) const;

 private:
  store::Database& database_;
};

}  // namespace aegis::telemetry
