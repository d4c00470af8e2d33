#pragma once
// Bringing telemetry recorded elsewhere (the seed backend's table, its CSV
// exports) into the gateway's store: read in bounded batches, each stored in
// one transaction, rows already stored skipped by their key, rows that
// cannot be read counted and named by where they are. Memory stays bounded
// by one batch whatever the size of the source.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/ingest/payload_decoder.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::imports {

// A row the source could not turn into a reading.
struct RowProblem {
  std::string where;   // "line 7", "row (P1, U1, 2024-01-01T00:00:00Z)"
  std::string reason;  // "timestamp is not ISO 8601: 'yesterday'"
};

struct SourceBatch {
  std::vector<telemetry::Reading> readings;
  std::vector<std::string> where;  // of each reading, as problems name rows: a reading can still be refused
  std::vector<RowProblem> problems;
  void clear() {
    readings.clear();
    where.clear();
    problems.clear();
  }
};

// Where the rows come from (implemented by the drivers for each format).
class TelemetrySource {
 public:
  virtual ~TelemetrySource() = default;
  // Fills `batch` (cleared first) with up to `max_rows` rows, readable or
  // not, each reading with its `where`; false once the source has no rows
  // left.
  virtual bool next_batch(std::size_t max_rows, SourceBatch& batch) = 0;
  // Rows the source holds in all, for progress reports.
  virtual std::size_t total_rows() const = 0;
};

struct TelemetryImportOptions {
  std::size_t batch_rows = 5000;
  std::size_t problems_listed = 20;  // problems kept for the report; all are counted
  // Readings stamped later than now + max_future are refused, as live ingest
  // refuses them: one far-future row would move the retrain pointer past
  // every reading still to come.
  std::chrono::milliseconds max_future = ingest::kMaxFutureSkew;
  std::optional<time::Millis> now;  // the clock of that check; the system clock when unset
};

struct TelemetryImportResult {
  std::size_t rows_read = 0;
  std::size_t imported = 0;
  std::size_t already_present = 0;  // same (product_id, unit_id, timestamp) already stored
  std::size_t rejected = 0;         // rows that could not be read or were refused
  std::vector<RowProblem> problems;  // the first `problems_listed` of them
  std::size_t units = 0;             // distinct units among the rows read
};

using ImportProgress = std::function<void(std::size_t rows_done, std::size_t rows_total)>;

TelemetryImportResult import_telemetry(telemetry::TelemetryStore& store, const profiles::SensorProfile& profile,
                                       TelemetrySource& source, const TelemetryImportOptions& options = {},
                                       const ImportProgress& progress = {});

}  // namespace aegis::imports
