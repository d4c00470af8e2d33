#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "engine/store/database.hpp"
#include "engine/store/migrations.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis::store;
using aegis::test::TempDir;

namespace {

std::vector<std::string> table_names(Connection& connection) {
  Statement query(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  std::vector<std::string> names;
  while (query.step()) names.push_back(query.column_text(0));
  return names;
}

}  // namespace

TEST_CASE("An empty file is migrated to the latest schema with the seed's tables", "[store]") {
  TempDir dir;
  Database db({.path = dir / "nested" / "aegisd.db"});
  auto reader = db.reader();
  CHECK(schema_version(*reader) == latest_schema_version());
  const auto names = table_names(*reader);
  for (const char* table : {"telemetry", "telemetry_turbofan", "model_artifact", "retrain_pointer",
                            "maintenance_schedule"}) {
    INFO(table);
    CHECK(std::find(names.begin(), names.end(), table) != names.end());
  }
  Statement journal(*reader, "PRAGMA journal_mode");
  journal.step();
  CHECK(journal.column_text(0) == "wal");
  CHECK(db.check() == "ok");
}

TEST_CASE("The seed's telemetry columns and key hold", "[store]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  db.write([](Connection& c) {
    c.exec(
        "INSERT INTO telemetry (product_id, unit_id, timestamp, step_index, engine_type, air_temperature_K, "
        "process_temperature_K, rotational_speed_rpm, torque_Nm, tool_wear_min, is_failure, failure_type, "
        "synthetic_RUL) VALUES ('P1', 'U1', 1705312800000, 0, 'L', 298.1, 308.6, 1551, 42.8, 0, 0, 'No Failure', 80)");
    CHECK_THROWS_WITH(c.exec("INSERT INTO telemetry (product_id, unit_id, timestamp) VALUES ('P1', 'U1', 1705312800000)"),
                      Catch::Contains("UNIQUE constraint failed"));
  });
  auto reader = db.reader();
  Statement q(*reader, "SELECT torque_Nm, failure_type FROM telemetry WHERE product_id = ? AND unit_id = ?");
  q.bind(1, "P1").bind(2, "U1");
  REQUIRE(q.step());
  CHECK(q.column_double(0) == 42.8);
  CHECK(q.column_text(1) == "No Failure");
}

TEST_CASE("Reopening an up-to-date database changes nothing", "[store]") {
  TempDir dir;
  { Database db({.path = dir / "aegisd.db"}); db.write([](Connection& c) { c.exec("INSERT INTO retrain_pointer VALUES ('m', 1, 2)"); }); }
  Database again({.path = dir / "aegisd.db"});
  auto reader = again.reader();
  Statement q(*reader, "SELECT count(*) FROM retrain_pointer");
  q.step();
  CHECK(q.column_int(0) == 1);
}

TEST_CASE("A database from a newer aegisd is refused with a clear message", "[store]") {
  TempDir dir;
  {
    Connection raw(dir / "future.db", {});
    raw.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 5));
  }
  CHECK_THROWS_WITH(Database({.path = dir / "future.db"}),
                    Catch::Contains("has schema version " + std::to_string(latest_schema_version() + 5)) &&
                        Catch::Contains("newer than version " + std::to_string(latest_schema_version())));
  // Refusing must not have touched the file.
  Connection raw(dir / "future.db", {});
  CHECK(schema_version(raw) == latest_schema_version() + 5);
}

TEST_CASE("A file that is not a database is refused and reported unhealthy", "[store]") {
  TempDir dir;
  aegis::test::write_file(dir / "junk.db", std::string(4096, 'x'));
  CHECK_THROWS_WITH(Database({.path = dir / "junk.db"}), Catch::Contains("not a database"));

  Database db({.path = dir / "good.db"});
  REQUIRE(db.check() == "ok");
  std::filesystem::remove(dir / "good.db");
  CHECK_THAT(db.check(), Catch::StartsWith("error: database file") && Catch::Contains("missing"));
}

TEST_CASE("Readers see committed rows only and never block the writer", "[store]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db", .reader_connections = 2});
  constexpr int kBatches = 200;
  constexpr int kRowsPerBatch = 10;
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int batch = 0; batch < kBatches; ++batch) {
      db.write([&](Connection& c) {
        Transaction tx(c);
        Statement insert(c, "INSERT INTO telemetry (product_id, unit_id, timestamp, torque_Nm) VALUES ('P', 'U', ?, ?)");
        for (int i = 0; i < kRowsPerBatch; ++i) {
          insert.bind(1, static_cast<std::int64_t>(batch * kRowsPerBatch + i)).bind(2, 40.0);
          insert.run();
        }
        tx.commit();
      });
    }
    writing = false;
  });
  int reads = 0;
  std::int64_t last_seen = 0;
  bool monotonic = true, whole_batches = true;
  while (writing || reads == 0) {
    auto reader = db.reader();
    Statement count(*reader, "SELECT count(*) FROM telemetry");
    count.step();
    const auto rows = count.column_int(0);
    whole_batches = whole_batches && rows % kRowsPerBatch == 0;  // a half-written batch is never visible
    monotonic = monotonic && rows >= last_seen;
    last_seen = rows;
    ++reads;
  }
  writer.join();
  CHECK(whole_batches);
  CHECK(monotonic);
  CHECK(reads > 0);
  auto reader = db.reader();
  Statement count(*reader, "SELECT count(*) FROM telemetry");
  count.step();
  CHECK(count.column_int(0) == kBatches * kRowsPerBatch);
}

TEST_CASE("A failed transaction leaves nothing behind", "[store]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  CHECK_THROWS(db.write([](Connection& c) {
    Transaction tx(c);
    c.exec("INSERT INTO retrain_pointer VALUES ('a', 1, 1)");
    c.exec("INSERT INTO no_such_table VALUES (1)");
    tx.commit();
  }));
  auto reader = db.reader();
  Statement q(*reader, "SELECT count(*) FROM retrain_pointer");
  q.step();
  CHECK(q.column_int(0) == 0);
}

TEST_CASE("Migration 6 keeps the planner's old wording of a job beside the seed's reason", "[store]") {
  TempDir dir;
  const auto path = dir / "aegisd.db";
  {
    // A database left by a gateway at schema 5, with a job it planned and
    // one imported with the seed's text.
    Connection old(path, {});
    for (const auto& migration : migrations()) {
      if (migration.version > 5) break;
      old.exec(migration.sql);
    }
    old.exec("PRAGMA user_version = 5");
    old.exec("INSERT INTO maintenance_schedule (schedule_id, product_id, unit_id, recommended_start, recommended_end, "
             "reason, created_at) VALUES ('SCH_1', 'P', 'U1', 0, 1, 'failure probability 0.97 >= 0.70', 0), "
             "('SCH_2', 'P', 'U2', 0, 1, 'Failure probability: 99.11%, RUL: 44.4h', 0)");
  }
  Database db({.path = path});
  auto reader = db.reader();
  CHECK(schema_version(*reader) == latest_schema_version());
  Statement rows(*reader, "SELECT unit_id, reason, at_risk_because, failure_probability, rul_hours "
                          "FROM maintenance_schedule ORDER BY unit_id");
  REQUIRE(rows.step());
  CHECK(rows.column_text(1) == "failure probability 0.97 >= 0.70");
  CHECK(rows.column_optional_text(2) == std::optional<std::string>("failure probability 0.97 >= 0.70"));
  CHECK_FALSE(rows.column_optional_double(3));
  CHECK_FALSE(rows.column_optional_double(4));
  REQUIRE(rows.step());
  CHECK(rows.column_text(1) == "Failure probability: 99.11%, RUL: 44.4h");
  CHECK_FALSE(rows.column_optional_text(2));
}
