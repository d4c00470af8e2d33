#pragma once
// The seed backend's SQLite database file, table `telemetry` with the seed's
// columns: timestamps as ISO 8601 text (Z, an offset or none for UTC; epoch
// milliseconds are taken too, as a gateway's own database stores them),
// sensors as numbers. The file is opened read-only and read with one
// statement, a batch of rows at a time. A row that cannot be read is
// reported by its key and the reading goes on.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/imports/telemetry_import.hpp"
#include "engine/store/sqlite.hpp"

namespace aegis::seed_import {

// True when the file opens with SQLite's header ("SQLite format 3").
bool is_sqlite_database(const std::filesystem::path& path);

class SeedSqliteSource : public imports::TelemetrySource {
 public:
  // Throws imports::ImportError when the file is not an SQLite database with
  // a telemetry table holding the profile's columns.
  SeedSqliteSource(const std::filesystem::path& path, const profiles::SensorProfile& profile);

  bool next_batch(std::size_t max_rows, imports::SourceBatch& batch) override;
  std::size_t total_rows() const override { return total_rows_; }

 private:
  profiles::SensorProfile profile_;
  std::unique_ptr<store::Connection> connection_;
  std::unique_ptr<store::Statement> rows_;
  std::size_t total_rows_ = 0;
  bool done_ = false;
};

}  // namespace aegis::seed_import
