#include "drivers/seed_import/seed_sqlite_source.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "drivers/datasets/dataset_error.hpp"
#include "drivers/datasets/number_text.hpp"
#include "engine/common/time.hpp"
#include "engine/imports/import_error.hpp"

namespace aegis::seed_import {
namespace {

constexpr const char* kTable = "telemetry";

// The columns read, in the order of the SELECT. Each is selected with its
// storage class (typeof), because SQLite keeps whatever a row was given: a
// REAL column may hold text, and reading text as a double gives a silent 0.
struct Column {
  std::string name;
  bool present = false;
};

struct Layout {
  Column product_id{"product_id"}, unit_id{"unit_id"}, timestamp{"timestamp"}, step_index{"step_index"};
  Column engine_type{"engine_type"}, is_failure{"is_failure"}, failure_type{"failure_type"}, rul{"synthetic_RUL"};
  std::vector<Column> sensors;

  std::vector<const Column*> in_select_order() const {
    std::vector<const Column*> order{&product_id, &unit_id, &timestamp, &step_index, &engine_type};
    for (const auto& sensor : sensors) order.push_back(&sensor);
    order.insert(order.end(), {&is_failure, &failure_type, &rul});
    return order;
  }
};

std::set<std::string> table_columns(const store::Connection& connection) {
  store::Statement info(connection, std::string("PRAGMA table_info(") + kTable + ")");
  std::set<std::string> names;
  while (info.step()) names.insert(info.column_text(1));
  return names;
}

Layout locate(const std::set<std::string>& columns, const profiles::SensorProfile& profile, const std::string& source) {
  Layout layout;
  for (const auto& sensor : profile.sensors) layout.sensors.push_back({sensor});
  auto require = [&](Column& column) {
    if (!columns.contains(column.name)) {
      throw imports::ImportError(source + ": table telemetry has no column '" + column.name + "'");
    }
    column.present = true;
  };
  require(layout.product_id);
  require(layout.unit_id);
  require(layout.timestamp);
  for (auto& sensor : layout.sensors) require(sensor);
  for (Column* optional : {&layout.step_index, &layout.engine_type, &layout.is_failure, &layout.failure_type}) {
    optional->present = columns.contains(optional->name);
  }
  if (!columns.contains(layout.rul.name) && columns.contains("rul")) layout.rul.name = "rul";
  layout.rul.present = columns.contains(layout.rul.name);
  return layout;
}

// "SELECT product_id, typeof(product_id), ..." with NULLs for absent columns.
std::string select_sql(const Layout& layout) {
  std::string sql = "SELECT ";
  bool first = true;
  for (const Column* column : layout.in_select_order()) {
    if (!first) sql += ", ";
    first = false;
    const std::string quoted = "\"" + column->name + "\"";
    sql += column->present ? quoted + ", typeof(" + quoted + ")" : std::string("NULL, 'null'");
  }
  return sql + " FROM " + kTable;
}

// One cell of the current row: its value and SQLite storage class.
struct Cell {
  const store::Statement& row;
  int index;
  std::string type() const { return row.column_text(index + 1); }
  bool is_null() const { return type() == "null"; }
  bool is_number() const { return type() == "integer" || type() == "real"; }
};

double sensor_value(const Cell& cell, const std::string& name) {
  if (cell.is_null()) throw datasets::FieldError(name + " is missing");
  if (cell.type() == "text") return datasets::parse_number(cell.row.column_text(cell.index), name);
  if (!cell.is_number()) throw datasets::FieldError(name + " is not a number (" + cell.type() + ")");
  const double value = cell.row.column_double(cell.index);
  if (!std::isfinite(value)) throw datasets::FieldError(name + " is not finite");
  return value;
}

std::int64_t integer_value(const Cell& cell, const std::string& name) {
  if (cell.type() == "integer") return cell.row.column_int(cell.index);
  return datasets::parse_integer(cell.row.column_text(cell.index), name);
}

std::string text_value(const Cell& cell) { return cell.is_null() ? std::string() : cell.row.column_text(cell.index); }

time::Millis timestamp_value(const Cell& cell) {
  if (cell.type() == "integer") return time::from_epoch_ms(cell.row.column_int(cell.index));
  const std::string text = text_value(cell);
  const auto instant = time::parse_iso8601(text);
  if (!instant) throw datasets::FieldError("timestamp is not ISO 8601: '" + text + "'");
  return *instant;
}

telemetry::Reading read_reading(const store::Statement& row, const profiles::SensorProfile& profile) {
  int index = 0;
  auto next = [&] {
    const Cell cell{row, index};
    index += 2;
    return cell;
  };
  telemetry::Reading reading;
  reading.product_id = text_value(next());
  reading.unit_id = text_value(next());
  if (reading.product_id.empty()) throw datasets::FieldError("product_id is empty");
  if (reading.unit_id.empty()) throw datasets::FieldError("unit_id is empty");
  reading.timestamp = timestamp_value(next());
  if (const Cell step = next(); !step.is_null()) reading.step_index = integer_value(step, "step_index");
  reading.engine_type = text_value(next());
  for (const auto& sensor : profile.sensors) reading.values.push_back(sensor_value(next(), sensor));
  if (const Cell flag = next(); !flag.is_null()) {
    const auto value = integer_value(flag, "is_failure");
    if (value != 0 && value != 1) throw datasets::FieldError("is_failure must be 0 or 1: " + std::to_string(value));
    reading.labels.is_failure = static_cast<int>(value);
  }
  if (const Cell type = next(); !type.is_null()) reading.labels.failure_type = text_value(type);
  if (const Cell rul = next(); !rul.is_null()) reading.labels.rul = sensor_value(rul, "synthetic_RUL");
  return reading;
}

// How a bad row is named: by its key, as the seed's primary key spells it.
std::string row_key(const store::Statement& row) {
  auto text = [&](int index) { return row.is_null(index) ? std::string("NULL") : row.column_text(index); };
  return "row (" + text(0) + ", " + text(2) + ", " + text(4) + ")";
}

}  // namespace

bool is_sqlite_database(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(15, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == 15 && head == "SQLite format 3";
}

SeedSqliteSource::SeedSqliteSource(const std::filesystem::path& path, const profiles::SensorProfile& profile)
    : profile_(profile) {
  const std::string source = path.string();
  if (!is_sqlite_database(path)) throw imports::ImportError(source + ": not an SQLite database file");
  try {
    connection_ = std::make_unique<store::Connection>(path, store::ConnectionOptions{.read_only = true});
    store::Statement exists(*connection_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!exists.bind(1, kTable).step()) throw imports::ImportError(source + ": the database has no telemetry table");
    const Layout layout = locate(table_columns(*connection_), profile_, source);
    store::Statement count(*connection_, std::string("SELECT COUNT(*) FROM ") + kTable);
    count.step();
    total_rows_ = static_cast<std::size_t>(count.column_int(0));
    rows_ = std::make_unique<store::Statement>(*connection_, select_sql(layout));
  } catch (const store::StoreError& e) {
    throw imports::ImportError(source + ": cannot read the database: " + e.what());
  }
}

bool SeedSqliteSource::next_batch(std::size_t max_rows, imports::SourceBatch& batch) {
  batch.clear();
  while (!done_ && batch.readings.size() + batch.problems.size() < max_rows) {
    if (!rows_->step()) {
      done_ = true;
      break;
    }
    try {
      batch.readings.push_back(read_reading(*rows_, profile_));
      batch.where.push_back(row_key(*rows_));
    } catch (const datasets::FieldError& e) {
      batch.problems.push_back({row_key(*rows_), e.what()});
    }
  }
  return !batch.readings.empty() || !batch.problems.empty();
}

}  // namespace aegis::seed_import
