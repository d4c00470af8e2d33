#include "engine/store/retention.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <string>
#include <string_view>

namespace aegis::store {
namespace {

constexpr std::array<std::string_view, 2> kTelemetryTables{"telemetry", "telemetry_turbofan"};

// Pages freed per incremental_vacuum transaction, to keep each one short.
constexpr int kVacuumPagesPerBatch = 256;

std::int64_t pragma_int(const Connection& connection, std::string_view pragma) {
  Statement query(connection, std::string("PRAGMA ") + std::string(pragma));
  if (!query.step()) throw StoreError("PRAGMA " + std::string(pragma) + " returned no row");
  return query.column_int(0);
}

void validate(const RetentionPolicy& policy) {
  if (policy.batch_rows == 0) throw StoreError("retention batch_rows must be at least 1");
  if (policy.max_bytes < 0) throw StoreError("retention max_bytes must not be negative");
  if (policy.max_age.count() < 0) throw StoreError("retention max_age must not be negative");
  if (policy.pause_between_batches.count() < 0) throw StoreError("retention pause_between_batches must not be negative");
}

// Deletes up to `limit` of the table's oldest rows, only those before
// `before` when given. The key is the row's identity (WITHOUT ROWID), and
// both the subquery and the delete walk the timestamp index.
std::int64_t delete_oldest(Connection& connection, std::string_view table, std::int64_t limit,
                           std::optional<std::int64_t> before) {
  const std::string t(table);
  const std::string where = before ? " WHERE timestamp < ?2" : "";
  Statement remove(connection, "DELETE FROM " + t + " WHERE (product_id, unit_id, timestamp) IN (SELECT product_id, "
                                   "unit_id, timestamp FROM " + t + where + " ORDER BY timestamp LIMIT ?1)");
  remove.bind(1, limit);
  if (before) remove.bind(2, *before);
  remove.run();
  return connection.changes();
}

std::int64_t delete_old_dead_letters(Connection& connection, std::int64_t limit, std::int64_t before) {
  Statement remove(connection,
                   "DELETE FROM dead_letter WHERE id IN (SELECT id FROM dead_letter WHERE received_at < ?2 "
                   "ORDER BY received_at LIMIT ?1)");
  remove.bind(1, limit).bind(2, before);
  remove.run();
  return connection.changes();
}

// How many of the `limit` oldest telemetry rows across both tables lie in
// each table, so one batch removes exactly the globally oldest rows.
std::array<std::int64_t, kTelemetryTables.size()> oldest_split(const Connection& connection, std::int64_t limit) {
  Statement query(connection,
                  "SELECT tag, count(*) FROM (SELECT 0 AS tag, timestamp FROM telemetry UNION ALL "
                  "SELECT 1 AS tag, timestamp FROM telemetry_turbofan ORDER BY timestamp LIMIT ?) GROUP BY tag");
  query.bind(1, limit);
  std::array<std::int64_t, kTelemetryTables.size()> counts{};
  while (query.step()) counts.at(static_cast<std::size_t>(query.column_int(0))) = query.column_int(1);
  return counts;
}

// Runs the batches of one pass: each `batch` call gets the writer connection
// inside its own transaction and returns the rows it removed.
class BatchRunner {
 public:
  BatchRunner(Database& database, const RetentionPolicy& policy, std::stop_token stop, RetentionReport& report)
      : database_(database), policy_(policy), stop_(std::move(stop)), report_(report) {}

  // False when a stop was requested; the batch is then not run.
  template <class Work>
  bool batch(Work&& work, std::int64_t& removed) {
    if (stop_.stop_requested()) {
      report_.interrupted = true;
      return false;
    }
    if (ran_one_ && policy_.pause_between_batches.count() > 0) std::this_thread::sleep_for(policy_.pause_between_batches);
    ran_one_ = true;
    removed = database_.write([&](Connection& connection) {
      Transaction transaction(connection);
      const std::int64_t n = work(connection);
      transaction.commit();
      return n;
    });
    if (removed > 0) ++report_.batches;
    return true;
  }

  std::int64_t limit() const { return static_cast<std::int64_t>(policy_.batch_rows); }

 private:
  Database& database_;
  const RetentionPolicy& policy_;
  std::stop_token stop_;
  RetentionReport& report_;
  bool ran_one_ = false;
};

std::int64_t live_bytes(Database& database) { return live_database_bytes(*database.reader()); }

// Returns false when interrupted.
bool remove_by_age(BatchRunner& runner, RetentionReport& report, std::int64_t cutoff_ms) {
  const std::int64_t limit = runner.limit();
  for (std::string_view table : kTelemetryTables) {
    std::int64_t removed = limit;
    while (removed == limit) {
      if (!runner.batch([&](Connection& c) { return delete_oldest(c, table, limit, cutoff_ms); }, removed)) return false;
      report.removed_by_age += removed;
    }
  }
  std::int64_t removed = limit;
  while (removed == limit) {
    if (!runner.batch([&](Connection& c) { return delete_old_dead_letters(c, limit, cutoff_ms); }, removed)) {
      return false;
    }
    report.dead_letters_removed += removed;
  }
  return true;
}

bool remove_by_size(Database& database, BatchRunner& runner, RetentionReport& report, std::int64_t max_bytes) {
  while (live_bytes(database) > max_bytes) {
    std::int64_t removed = 0;
    const bool ran = runner.batch(
        [&](Connection& c) {
          // Split inside the transaction: no insert can slip in between.
          const auto split = oldest_split(c, runner.limit());
          std::int64_t n = 0;
          for (std::size_t i = 0; i < kTelemetryTables.size(); ++i) {
            if (split[i] > 0) n += delete_oldest(c, kTelemetryTables[i], split[i], std::nullopt);
          }
          return n;
        },
        removed);
    if (!ran) return false;
    report.removed_by_size += removed;
    if (removed == 0) {
      spdlog::warn("database {}: {} bytes in use exceed the retention bound of {} bytes with no telemetry left",
                   database.path().string(), live_bytes(database), max_bytes);
      break;
    }
  }
  return true;
}

// Hands free pages back to the file system, only when the database was
// created for it: switching auto_vacuum on needs a VACUUM.
bool release_free_pages(Database& database, BatchRunner& runner) {
  if (pragma_int(*database.reader(), "auto_vacuum") != 2) return true;
  while (pragma_int(*database.reader(), "freelist_count") > 0) {
    std::int64_t ignored = 0;
    const bool ran = runner.batch(
        [](Connection& c) {
          c.exec("PRAGMA incremental_vacuum(" + std::to_string(kVacuumPagesPerBatch) + ")");
          return std::int64_t{0};
        },
        ignored);
    if (!ran) return false;
  }
  return true;
}

}  // namespace

std::int64_t live_database_bytes(const Connection& connection) {
  return (pragma_int(connection, "page_count") - pragma_int(connection, "freelist_count")) *
         pragma_int(connection, "page_size");
}

RetentionReport run_retention_pass(Database& database, const RetentionPolicy& policy, aegis::time::Millis now,
                                   std::stop_token stop) {
  validate(policy);
  RetentionReport report;
  report.bytes_before = live_bytes(database);
  BatchRunner runner(database, policy, std::move(stop), report);
  bool finished = true;
  if (policy.max_age.count() > 0) {
    const std::int64_t cutoff_ms = aegis::time::to_epoch_ms(now - policy.max_age);
    finished = remove_by_age(runner, report, cutoff_ms);
  }
  if (finished && policy.max_bytes > 0) finished = remove_by_size(database, runner, report, policy.max_bytes);
  if (finished) release_free_pages(database, runner);
  report.bytes_after = live_bytes(database);
  if (report.removed_by_age + report.removed_by_size + report.dead_letters_removed > 0) {
    spdlog::info(
        "database {}: retention removed {} telemetry rows by age, {} by size and {} dead letters in {} batches; "
        "{} -> {} bytes in use{}",
        database.path().string(), report.removed_by_age, report.removed_by_size, report.dead_letters_removed,
        report.batches, report.bytes_before, report.bytes_after, report.interrupted ? " (interrupted)" : "");
  }
  return report;
}

RetentionWorker::RetentionWorker(Database& database, RetentionPolicy policy, std::chrono::seconds interval)
    : database_(database), policy_(policy), interval_(interval) {
  validate(policy_);
  if (interval_.count() <= 0) throw StoreError("retention interval must be at least 1 second");
}

RetentionWorker::~RetentionWorker() { stop(); }

void RetentionWorker::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void RetentionWorker::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  thread_.request_stop();  // ends a pass in progress between two batches
  wake_.notify_all();
  thread_.join();
}

std::optional<RetentionReport> RetentionWorker::last_report() const {
  std::lock_guard lock(mutex_);
  return last_report_;
}

void RetentionWorker::run(std::stop_token stop) {
  while (true) {
    try {
      RetentionReport report = run_retention_pass(database_, policy_, aegis::time::now(), stop);
      std::lock_guard lock(mutex_);
      last_report_ = report;
    } catch (const std::exception& e) {
      // A locked or damaged database must not end retention for good.
      spdlog::error("database {}: retention pass failed: {}", database_.path().string(), e.what());
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
  }
}

}  // namespace aegis::store
