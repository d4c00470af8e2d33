#pragma once
// What the gateway knows of each unit: its profile, how many readings it has
// and when it last reported.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/store/database.hpp"

namespace aegis::telemetry {

struct UnitSummary {
  std::string product_id;
  std::string unit_id;
  std::string profile;
  std::int64_t readings = 0;
  time::Millis first_reading_at{};
  time::Millis last_reading_at{};
};

// Every unit of every profile in the catalog, ordered by product and unit.
std::vector<UnitSummary> unit_summaries(store::Database& database, const profiles::ProfileCatalog& catalog);

}  // namespace aegis::telemetry
