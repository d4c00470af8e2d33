#include "engine/telemetry/unit_summary.hpp"

#include <algorithm>

namespace aegis::telemetry {

std::vector<UnitSummary> unit_summaries(store::Database& database, const profiles::ProfileCatalog& catalog) {
  std::vector<UnitSummary> units;
  auto connection = database.reader();
  for (const auto& profile : catalog.all()) {
    // The primary key (product_id, unit_id, timestamp) serves this grouping.
    store::Statement query(*connection, "SELECT product_id, unit_id, count(*), min(timestamp), max(timestamp) FROM " +
                                            profile.telemetry_table + " GROUP BY product_id, unit_id");
    while (query.step()) {
      units.push_back(UnitSummary{query.column_text(0), query.column_text(1), profile.name, query.column_int(2),
                                  time::from_epoch_ms(query.column_int(3)), time::from_epoch_ms(query.column_int(4))});
    }
  }
  std::sort(units.begin(), units.end(), [](const UnitSummary& a, const UnitSummary& b) {
    return std::tie(a.product_id, a.unit_id, a.profile) < std::tie(b.product_id, b.unit_id, b.profile);
  });
  return units;
}

}  // namespace aegis::telemetry
