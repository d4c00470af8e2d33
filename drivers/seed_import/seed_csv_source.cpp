#include "drivers/seed_import/seed_csv_source.hpp"

#include "drivers/datasets/csv_header.hpp"
#include "drivers/datasets/csv_row.hpp"
#include "drivers/datasets/dataset_error.hpp"
#include "engine/imports/import_error.hpp"

namespace aegis::seed_import {
namespace {

// Data lines (non-blank lines after the header), counted in a first pass so
// the progress bar knows its end; reading lines is cheap next to storing them.
std::size_t count_data_lines(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  datasets::LineReader lines(in);
  std::string line;
  std::size_t count = 0;
  while (lines.next(line)) ++count;
  return count > 0 ? count - 1 : 0;
}

}  // namespace

SeedCsvSource::SeedCsvSource(const std::filesystem::path& path, const profiles::SensorProfile& profile)
    : profile_(profile), in_(path, std::ios::binary) {
  const std::string source = datasets::source_name(path);
  if (!in_) throw imports::ImportError(source + ": cannot open the file");
  lines_.emplace(in_);
  std::string line;
  if (!lines_->next(line)) throw imports::ImportError(source + ": empty file, expected the telemetry header");
  const datasets::CsvHeader header(datasets::split_csv_line(line), source, lines_->line_number());
  try {
    columns_ = datasets::locate_timeseries_columns(header, profile_);
  } catch (const datasets::DatasetError& e) {
    throw imports::ImportError(e.what());
  }
  header_fields_ = header.size();
  total_rows_ = count_data_lines(path);
}

bool SeedCsvSource::next_batch(std::size_t max_rows, imports::SourceBatch& batch) {
  batch.clear();
  std::string line;
  while (batch.readings.size() + batch.problems.size() < max_rows && lines_->next(line)) {
    const std::string where = "line " + std::to_string(lines_->line_number());
    const auto fields = datasets::split_csv_line(line);
    if (fields.size() != header_fields_) {
      batch.problems.push_back({where, "expected " + std::to_string(header_fields_) + " fields, found " +
                                           std::to_string(fields.size())});
      continue;
    }
    try {
      batch.readings.push_back(datasets::parse_timeseries_fields(fields, columns_, profile_));
      batch.where.push_back(where);
    } catch (const datasets::FieldError& e) {
      batch.problems.push_back({where, e.what()});
    }
  }
  return !batch.readings.empty() || !batch.problems.empty();
}

}  // namespace aegis::seed_import
