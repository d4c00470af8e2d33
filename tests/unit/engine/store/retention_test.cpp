#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "engine/store/database.hpp"
#include "engine/store/retention.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis::store;
using aegis::test::TempDir;
using namespace std::chrono_literals;

namespace {

const aegis::time::Millis kNow = aegis::time::from_epoch_ms(1705276800000);  // 2024-01-15T00:00:00Z
constexpr std::int64_t kHourMs = 3'600'000;

void insert_ai4i(Connection& c, const std::string& product, const std::string& unit, std::int64_t ts_ms) {
  Statement insert(c,
                   "INSERT INTO telemetry (product_id, unit_id, timestamp, step_index, engine_type, air_temperature_K, "
                   "process_temperature_K, rotational_speed_rpm, torque_Nm, tool_wear_min, is_failure, failure_type, "
                   "synthetic_RUL) VALUES (?, ?, ?, 0, 'L', 298.1, 308.6, 1551, 42.8, 12, 0, 'No Failure', 80)");
  insert.bind(1, product).bind(2, unit).bind(3, ts_ms).run();
}

void insert_turbofan(Connection& c, const std::string& product, const std::string& unit, std::int64_t ts_ms) {
  std::string sql = "INSERT INTO telemetry_turbofan (product_id, unit_id, timestamp, cycle, setting1, setting2, setting3";
  for (int s = 1; s <= 21; ++s) sql += ", s" + std::to_string(s);
  sql += ", rul) VALUES (?, ?, ?, 1, -0.0007, -0.0004, 100";
  for (int s = 1; s <= 21; ++s) sql += ", " + std::to_string(500 + s) + ".25";
  sql += ", 191)";
  Statement insert(c, sql);
  insert.bind(1, product).bind(2, unit).bind(3, ts_ms).run();
}

void insert_dead_letter(Connection& c, std::int64_t received_at_ms) {
  Statement insert(c, "INSERT INTO dead_letter (received_at, source, topic, reason) VALUES (?, 'mqtt', 't', 'bad')");
  insert.bind(1, received_at_ms).run();
}

std::int64_t count(Database& db, const std::string& sql) {
  auto reader = db.reader();
  Statement query(*reader, sql);
  REQUIRE(query.step());
  return query.column_int(0);
}

std::int64_t unit_rows(Database& db, const std::string& table, const std::string& unit) {
  return count(db, "SELECT count(*) FROM " + table + " WHERE unit_id = '" + unit + "'");
}

std::int64_t unit_oldest(Database& db, const std::string& table, const std::string& unit) {
  return count(db, "SELECT min(timestamp) FROM " + table + " WHERE unit_id = '" + unit + "'");
}

}  // namespace

TEST_CASE("Migration 3 adds the time indexes retention walks", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  CHECK(count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'telemetry_by_time' "
                  "AND tbl_name = 'telemetry'") == 1);
  CHECK(count(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'telemetry_turbofan_by_time' "
                  "AND tbl_name = 'telemetry_turbofan'") == 1);
}

TEST_CASE("Retention by age removes older telemetry and dead letters and keeps the rest", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  const std::int64_t now_ms = aegis::time::to_epoch_ms(kNow);
  db.write([&](Connection& c) {
    Transaction t(c);
    // U1: ages 0..48 h; U2: ages 10..30 h; turbofan T1: ages 0..99 h; T2: all younger than a day.
    for (int h = 0; h <= 48; ++h) insert_ai4i(c, "P1", "U1", now_ms - h * kHourMs);
    for (int h = 10; h <= 30; ++h) insert_ai4i(c, "P1", "U2", now_ms - h * kHourMs);
    for (int h = 0; h < 100; ++h) insert_turbofan(c, "FD001", "T1", now_ms - h * kHourMs);
    for (int h = 0; h < 24; ++h) insert_turbofan(c, "FD001", "T2", now_ms - h * kHourMs - 1);
    for (int h = 0; h < 30; ++h) insert_dead_letter(c, now_ms - h * kHourMs);
    t.commit();
  });

  // batch_rows 7 makes every table take several batches.
  const RetentionReport report =
      run_retention_pass(db, {.max_age = 24h, .max_bytes = 0, .batch_rows = 7, .pause_between_batches = 0ms}, kNow);

  // Exactly 24 h old is not older than the bound and stays.
  CHECK(unit_rows(db, "telemetry", "U1") == 25);
  CHECK(unit_rows(db, "telemetry", "U2") == 15);
  CHECK(unit_rows(db, "telemetry_turbofan", "T1") == 25);
  CHECK(unit_rows(db, "telemetry_turbofan", "T2") == 24);
  CHECK(unit_oldest(db, "telemetry", "U1") == now_ms - 24 * kHourMs);
  CHECK(unit_oldest(db, "telemetry", "U2") == now_ms - 24 * kHourMs);
  CHECK(unit_oldest(db, "telemetry_turbofan", "T1") == now_ms - 24 * kHourMs);
  CHECK(count(db, "SELECT count(*) FROM dead_letter") == 25);
  CHECK(count(db, "SELECT min(received_at) FROM dead_letter") == now_ms - 24 * kHourMs);

  CHECK(report.removed_by_age == 24 + 6 + 75);
  CHECK(report.removed_by_size == 0);
  CHECK(report.dead_letters_removed == 5);
  // telemetry 30 rows -> 5 batches, turbofan 75 -> 11, dead letters 5 -> 1.
  CHECK(report.batches == 5 + 11 + 1);
  CHECK_FALSE(report.interrupted);
  CHECK(report.bytes_before >= report.bytes_after);
  CHECK(report.bytes_after > 0);

  // A second pass finds nothing left to do.
  const RetentionReport again = run_retention_pass(db, {.max_age = 24h, .batch_rows = 7}, kNow);
  CHECK(again.removed_by_age == 0);
  CHECK(again.dead_letters_removed == 0);
  CHECK(again.batches == 0);
}

TEST_CASE("A policy without bounds keeps everything", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  db.write([&](Connection& c) {
    for (int h = 0; h < 10; ++h) insert_ai4i(c, "P1", "U1", h * kHourMs);
    insert_dead_letter(c, 0);
  });
  const RetentionReport report = run_retention_pass(db, RetentionPolicy{}, kNow);
  CHECK(report.removed_by_age + report.removed_by_size + report.dead_letters_removed == 0);
  CHECK(report.batches == 0);
  CHECK(count(db, "SELECT count(*) FROM telemetry") == 10);
  CHECK(count(db, "SELECT count(*) FROM dead_letter") == 1);
}

TEST_CASE("Retention by size removes the oldest telemetry across units and tables first", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  constexpr std::int64_t kMaxBytes = 200 * 1024;
  constexpr int kRounds = 1500;
  constexpr std::int64_t kBase = 1'700'000'000'000;
  // Every row gets its own timestamp, round-robin over 4 machines and 2
  // engines, so "the oldest rows" is one exact set.
  std::int64_t rows = 0;
  db.write([&](Connection& c) {
    Transaction t(c);
    for (int round = 0; round < kRounds; ++round) {
      for (int u = 0; u < 4; ++u) insert_ai4i(c, "P1", "U" + std::to_string(u), kBase + 1000 * rows++);
      for (int u = 0; u < 2; ++u) insert_turbofan(c, "FD001", "T" + std::to_string(u), kBase + 1000 * rows++);
    }
    t.commit();
  });
  const std::int64_t newest = kBase + 1000 * (rows - 1);
  REQUIRE(live_database_bytes(*db.reader()) > 4 * kMaxBytes);

  const RetentionReport report =
      run_retention_pass(db, {.max_age = 0h, .max_bytes = kMaxBytes, .batch_rows = 250}, kNow);

  const std::int64_t live_after = live_database_bytes(*db.reader());
  INFO("live bytes before " << report.bytes_before << ", after " << live_after);
  CHECK(live_after <= kMaxBytes);
  CHECK(report.bytes_after == live_after);
  CHECK(report.bytes_before > 4 * kMaxBytes);
  CHECK(report.removed_by_age == 0);

  const std::int64_t kept = count(db, "SELECT count(*) FROM telemetry") +
                            count(db, "SELECT count(*) FROM telemetry_turbofan");
  CHECK(report.removed_by_size == rows - kept);
  // Not everything went: a batch overshoots the bound by at most its rows.
  CHECK(kept > 0);
  CHECK(live_after > kMaxBytes / 2);
  // The rows kept are exactly the newest ones, in both tables.
  const std::int64_t oldest_kept = count(db,
                                         "SELECT min(ts) FROM (SELECT min(timestamp) AS ts FROM telemetry UNION ALL "
                                         "SELECT min(timestamp) FROM telemetry_turbofan)");
  CHECK(oldest_kept == newest - 1000 * (kept - 1));
  CHECK(count(db, "SELECT max(timestamp) FROM telemetry_turbofan") == newest);
  CHECK(count(db, "SELECT count(*) FROM telemetry_turbofan") > 0);
  CHECK(count(db, "SELECT count(DISTINCT unit_id) FROM telemetry") == 4);
  CHECK(report.batches == (report.removed_by_size + 249) / 250);
}

TEST_CASE("A long retention pass lets a concurrent writer commit between its batches", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  const std::int64_t now_ms = aegis::time::to_epoch_ms(kNow);
  constexpr int kOldRows = 30000;
  db.write([&](Connection& c) {
    Transaction t(c);
    for (int i = 0; i < kOldRows; ++i) insert_ai4i(c, "P1", "U" + std::to_string(i % 10), now_ms - 48 * kHourMs - i);
    t.commit();
  });

  std::atomic<bool> pass_running{false};
  std::atomic<bool> writer_done{false};
  std::atomic<int> inserts_during_pass{0};
  std::chrono::steady_clock::duration max_wait{};
  int inserts = 0;
  std::thread writer([&] {
    while (!writer_done) {
      const auto asked = std::chrono::steady_clock::now();
      db.write([&](Connection& c) {
        max_wait = std::max(max_wait, std::chrono::steady_clock::now() - asked);
        insert_ai4i(c, "P2", "live", now_ms + inserts);
        ++inserts;
        if (pass_running) ++inserts_during_pass;
      });
      std::this_thread::sleep_for(200us);  // an ingest feed, not a busy loop
    }
  });

  std::this_thread::sleep_for(20ms);
  pass_running = true;
  const auto started = std::chrono::steady_clock::now();
  const RetentionReport report = run_retention_pass(db, {.max_age = 24h, .batch_rows = 100}, kNow);
  const auto pass_duration = std::chrono::steady_clock::now() - started;
  pass_running = false;
  writer_done = true;
  writer.join();

  using ms = std::chrono::duration<double, std::milli>;
  INFO("pass " << ms(pass_duration).count() << " ms in " << report.batches << " batches; writer max wait "
               << ms(max_wait).count() << " ms; inserts during pass " << inserts_during_pass);
  CHECK(report.removed_by_age == kOldRows);
  CHECK(report.batches == kOldRows / 100);
  CHECK(inserts_during_pass > 0);
  CHECK(count(db, "SELECT count(*) FROM telemetry") == inserts);
  CHECK(count(db, "SELECT count(*) FROM telemetry WHERE unit_id = 'live'") == inserts);
}

TEST_CASE("A stop request ends a pass between two batches", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  db.write([&](Connection& c) {
    for (int i = 0; i < 50; ++i) insert_ai4i(c, "P1", "U1", i);
  });
  std::stop_source stop;
  stop.request_stop();
  const RetentionReport report = run_retention_pass(db, {.max_age = 1h, .batch_rows = 10}, kNow, stop.get_token());
  CHECK(report.interrupted);
  CHECK(report.batches == 0);
  CHECK(count(db, "SELECT count(*) FROM telemetry") == 50);
}

TEST_CASE("Retention refuses a policy it cannot run", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  CHECK_THROWS_WITH(run_retention_pass(db, {.batch_rows = 0}, kNow), "retention batch_rows must be at least 1");
  CHECK_THROWS_WITH(run_retention_pass(db, {.max_bytes = -1}, kNow), "retention max_bytes must not be negative");
  CHECK_THROWS_WITH(RetentionWorker(db, {}, 0s), "retention interval must be at least 1 second");
}

TEST_CASE("The retention worker runs a pass soon after start and stops promptly", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  const std::int64_t old_ms = aegis::time::to_epoch_ms(aegis::time::now() - 48h);
  db.write([&](Connection& c) {
    for (int i = 0; i < 20; ++i) insert_ai4i(c, "P1", "U1", old_ms + i);
  });

  RetentionWorker worker(db, {.max_age = 24h, .batch_rows = 5}, 1h);
  worker.stop();  // before start: nothing to stop
  CHECK_FALSE(worker.last_report().has_value());
  worker.start();
  worker.start();  // already running: no second thread
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!worker.last_report() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  REQUIRE(worker.last_report().has_value());
  CHECK(worker.last_report()->removed_by_age == 20);
  CHECK(count(db, "SELECT count(*) FROM telemetry") == 0);

  // The next pass is an hour away: stop must wake the thread, not wait.
  const auto asked = std::chrono::steady_clock::now();
  worker.stop();
  CHECK(std::chrono::steady_clock::now() - asked < 1s);

  // It can start again, and its destructor stops it.
  worker.start();
}

TEST_CASE("A database made with incremental auto_vacuum gives freed pages back to the file system",
          "[store][retention]") {
  TempDir dir;
  {
    // auto_vacuum can only be chosen before the first table exists.
    Connection raw(dir / "aegisd.db", {});
    raw.exec("PRAGMA auto_vacuum = INCREMENTAL");
  }
  Database db({.path = dir / "aegisd.db"});
  db.write([&](Connection& c) {
    Transaction t(c);
    for (int i = 0; i < 6000; ++i) insert_ai4i(c, "P1", "U" + std::to_string(i % 4), i);
    t.commit();
  });
  const std::int64_t pages_before = count(db, "PRAGMA page_count");
  const RetentionReport report = run_retention_pass(db, {.max_bytes = 160 * 1024, .batch_rows = 500}, kNow);
  CHECK(report.bytes_after <= 160 * 1024);
  CHECK(count(db, "SELECT count(*) FROM telemetry") > 0);
  CHECK(count(db, "PRAGMA freelist_count") == 0);
  CHECK(count(db, "PRAGMA page_count") < pages_before);
}

TEST_CASE("A size bound below the schema's own size empties telemetry and ends the pass", "[store][retention]") {
  TempDir dir;
  Database db({.path = dir / "aegisd.db"});
  db.write([&](Connection& c) {
    for (int i = 0; i < 30; ++i) insert_ai4i(c, "P1", "U1", i);
    insert_turbofan(c, "FD001", "T1", 5);
    insert_dead_letter(c, 0);
  });
  const RetentionReport report = run_retention_pass(db, {.max_bytes = 1, .batch_rows = 8}, kNow);
  CHECK(report.removed_by_size == 31);
  CHECK(report.batches == 4);
  CHECK(report.bytes_after > 1);
  CHECK(count(db, "SELECT count(*) FROM telemetry") + count(db, "SELECT count(*) FROM telemetry_turbofan") == 0);
  // Dead letters go by age only.
  CHECK(count(db, "SELECT count(*) FROM dead_letter") == 1);
}
