#include "engine/imports/telemetry_import.hpp"

#include <algorithm>
#include <set>

namespace aegis::imports {
namespace {

// Moves readings stamped after `latest` to the batch's problems.
void refuse_future(SourceBatch& batch, time::Millis latest) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < batch.readings.size(); ++i) {
    if (batch.readings[i].timestamp > latest) {
      const std::string where =
          i < batch.where.size() ? batch.where[i] : "reading " + std::to_string(i + 1) + " of its batch";
      batch.problems.push_back(
          {where, "timestamp is in the future: " + time::format_iso8601(batch.readings[i].timestamp)});
      continue;
    }
    if (kept != i) batch.readings[kept] = std::move(batch.readings[i]);
    ++kept;
  }
  batch.readings.resize(kept);
}

}  // namespace

TelemetryImportResult import_telemetry(telemetry::TelemetryStore& store, const profiles::SensorProfile& profile,
                                       TelemetrySource& source, const TelemetryImportOptions& options,
                                       const ImportProgress& progress) {
  TelemetryImportResult result;
  std::set<telemetry::UnitKey> units;
  SourceBatch batch;
  const std::size_t batch_rows = std::max<std::size_t>(options.batch_rows, 1);
  const std::size_t total = source.total_rows();
  const time::Millis latest = options.now.value_or(time::now()) + options.max_future;
  while (source.next_batch(batch_rows, batch)) {
    result.rows_read += batch.readings.size() + batch.problems.size();
    refuse_future(batch, latest);
    result.rejected += batch.problems.size();
    for (auto& problem : batch.problems) {
      if (result.problems.size() < options.problems_listed) result.problems.push_back(std::move(problem));
    }
    if (!batch.readings.empty()) {
      const std::size_t fresh = store.insert(profile, batch.readings);
      result.imported += fresh;
      result.already_present += batch.readings.size() - fresh;
      for (const auto& reading : batch.readings) units.insert({reading.product_id, reading.unit_id});
    }
    if (progress) progress(result.rows_read, std::max(total, result.rows_read));
  }
  result.units = units.size();
  return result;
}

}  // namespace aegis::imports
