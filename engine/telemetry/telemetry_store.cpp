#include "engine/telemetry/telemetry_store.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace aegis::telemetry {
namespace {

// How a profile's readings map onto its table's columns. The ai4i table is
// the seed's; the turbofan one names its time axis `cycle` and its label `rul`.
struct Layout {
  std::string table;
  std::string step_column;
  bool has_engine_type;
  bool has_failure_labels;
  std::string rul_column;
};

Layout layout_of(const profiles::SensorProfile& profile) {
  if (profile.telemetry_table == "telemetry") return {"telemetry", "step_index", true, true, "synthetic_RUL"};
  if (profile.telemetry_table == "telemetry_turbofan") return {"telemetry_turbofan", "cycle", false, false, "rul"};
  throw std::invalid_argument("profile " + profile.name + " has no telemetry table '" + profile.telemetry_table + "'");
}

// product_id, unit_id, timestamp, step, [engine_type], sensors..., [is_failure, failure_type], rul
std::string column_list(const profiles::SensorProfile& profile, const Layout& layout) {
  std::string columns = "product_id, unit_id, timestamp, " + layout.step_column;
  if (layout.has_engine_type) columns += ", engine_type";
  for (const auto& sensor : profile.sensors) columns += ", " + sensor;
  if (layout.has_failure_labels) columns += ", is_failure, failure_type";
  return columns + ", " + layout.rul_column;
}

std::size_t column_count(const profiles::SensorProfile& profile, const Layout& layout) {
  return 5 + (layout.has_engine_type ? 1 : 0) + profile.sensors.size() + (layout.has_failure_labels ? 2 : 0);
}

Reading read_row(const store::Statement& row, const profiles::SensorProfile& profile, const Layout& layout) {
  Reading reading;
  int column = 0;
  reading.product_id = row.column_text(column++);
  reading.unit_id = row.column_text(column++);
  reading.timestamp = time::from_epoch_ms(row.column_int(column++));
  reading.step_index = row.column_int(column++);
  if (layout.has_engine_type) reading.engine_type = row.column_text(column++);
  reading.values.reserve(profile.sensors.size());
  for (std::size_t i = 0; i < profile.sensors.size(); ++i) reading.values.push_back(row.column_double(column++));
  if (layout.has_failure_labels) {
    if (auto v = row.column_optional_int(column++)) reading.labels.is_failure = static_cast<int>(*v);
    reading.labels.failure_type = row.column_optional_text(column++);
  }
  reading.labels.rul = row.column_optional_double(column++);
  return reading;
}

}  // namespace

std::size_t TelemetryStore::insert(const profiles::SensorProfile& profile, std::span<const Reading> readings) {
  const std::vector<bool> fresh = insert_new(profile, readings);
  return static_cast<std::size_t>(std::count(fresh.begin(), fresh.end(), true));
}

std::vector<bool> TelemetryStore::insert_new(const profiles::SensorProfile& profile,
                                             std::span<const Reading> readings) {
  const Layout layout = layout_of(profile);
  std::string placeholders;
  for (std::size_t i = 0; i < column_count(profile, layout); ++i) placeholders += i == 0 ? "?" : ", ?";
  const std::string sql = "INSERT OR IGNORE INTO " + layout.table + " (" + column_list(profile, layout) +
                          ") VALUES (" + placeholders + ")";
  // Inserted in key order: consecutive rows then land on the same b-tree
  // page, which a group of readings interleaved across many units would
  // otherwise visit once per reading. Stable, so of two equal keys the
  // earlier reading is the one stored.
  std::vector<std::size_t> order(readings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Reading& x = readings[a];
    const Reading& y = readings[b];
    if (const int c = x.product_id.compare(y.product_id); c != 0) return c < 0;
    if (const int c = x.unit_id.compare(y.unit_id); c != 0) return c < 0;
    return x.timestamp < y.timestamp;
  });
  return database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    store::Statement insert(connection, sql);
    std::vector<bool> fresh(readings.size(), false);
    for (const std::size_t index : order) {
      const Reading& reading = readings[index];
      if (reading.values.size() != profile.sensors.size()) {
        throw std::invalid_argument("reading of " + reading.product_id + "/" + reading.unit_id + " has " +
                                    std::to_string(reading.values.size()) + " values, profile " + profile.name +
                                    " has " + std::to_string(profile.sensors.size()) + " sensors");
      }
      int column = 1;
      insert.bind(column++, reading.product_id);
      insert.bind(column++, reading.unit_id);
      insert.bind(column++, time::to_epoch_ms(reading.timestamp));
      insert.bind(column++, reading.step_index);
      if (layout.has_engine_type) insert.bind(column++, reading.engine_type);
      for (const double value : reading.values) insert.bind(column++, value);
      if (layout.has_failure_labels) {
        insert.bind(column++, reading.labels.is_failure);
        insert.bind(column++, reading.labels.failure_type);
      }
      insert.bind(column++, reading.labels.rul);
      insert.run();
      fresh[index] = connection.changes() > 0;
    }
    transaction.commit();
    return fresh;
  });
}

std::vector<Reading> TelemetryStore::recent(const profiles::SensorProfile& profile, const UnitKey& unit,
                                            std::optional<time::Millis> until, int limit) const {
  const Layout layout = layout_of(profile);
  // Newest first through the primary key, then reversed: the index does the work.
  const std::string sql = "SELECT " + column_list(profile, layout) + " FROM " + layout.table +
                          " WHERE product_id = ? AND unit_id = ? AND timestamp <= ? ORDER BY timestamp DESC LIMIT ?";
  auto connection = database_.reader();
  store::Statement query(*connection, sql);
  query.bind(1, unit.product_id).bind(2, unit.unit_id);
  query.bind(3, until ? time::to_epoch_ms(*until) : std::numeric_limits<std::int64_t>::max());
  query.bind(4, static_cast<std::int64_t>(limit));
  std::vector<Reading> rows;
  while (query.step()) rows.push_back(read_row(query, profile, layout));
  std::reverse(rows.begin(), rows.end());
  return rows;
}

std::vector<Reading> TelemetryStore::history(const profiles::SensorProfile& profile, const UnitKey& unit) const {
  return recent(profile, unit, std::nullopt, std::numeric_limits<int>::max());
}

std::vector<UnitKey> TelemetryStore::units(const profiles::SensorProfile& profile) const {
  const Layout layout = layout_of(profile);
  auto connection = database_.reader();
  store::Statement query(*connection, "SELECT DISTINCT product_id, unit_id FROM " + layout.table +
                                          " ORDER BY product_id, unit_id");
  std::vector<UnitKey> keys;
  while (query.step()) keys.push_back({query.column_text(0), query.column_text(1)});
  return keys;
}

std::int64_t TelemetryStore::count(const profiles::SensorProfile& profile) const {
  auto connection = database_.reader();
  store::Statement query(*connection, "SELECT count(*) FROM " + layout_of(profile).table);
  query.step();
  return query.column_int(0);
}

std::int64_t TelemetryStore::count_after(const profiles::SensorProfile& profile,
                                         std::optional<time::Millis> after) const {
  if (!after) return count(profile);
  auto connection = database_.reader();
  store::Statement query(*connection, "SELECT count(*) FROM " + layout_of(profile).table + " WHERE timestamp > ?");
  query.bind(1, time::to_epoch_ms(*after));
  query.step();
  return query.column_int(0);
}

}  // namespace aegis::telemetry
