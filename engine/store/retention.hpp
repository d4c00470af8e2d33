#pragma once
// Telemetry retention by age and by size, done in small batches so intake
// never waits long: every batch is its own short write transaction, and the
// writer mutex is released between batches so the ingest writer can commit.
//
// About the size bound: SQLite does not shrink the file when rows go; the
// pages they used go to the freelist and new rows reuse them. The bound is
// therefore on the live size (pages in use), and the file on disk stops
// growing once it has reached max_bytes. A file that is already larger stays
// that size (only VACUUM shrinks it, which would block intake for its whole
// run, so retention never does it), unless the database was created with
// auto_vacuum=INCREMENTAL, in which case freed pages are handed back to the
// file system after each pass. The -wal file is not counted: SQLite's
// automatic checkpoint keeps it around a thousand pages.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "engine/common/time.hpp"
#include "engine/store/database.hpp"

namespace aegis::store {

struct RetentionPolicy {
  std::chrono::hours max_age{0};  // 0 keeps telemetry forever
  std::int64_t max_bytes = 0;     // 0 sets no bound on the database size
  std::size_t batch_rows = 1000;  // rows per write transaction
  // Left to the ingest writer between batches: a mutex released and taken
  // straight back is usually won again by the thread that released it.
  std::chrono::milliseconds pause_between_batches{1};
};

struct RetentionReport {
  std::int64_t removed_by_age = 0;        // telemetry rows (both tables) older than max_age
  std::int64_t removed_by_size = 0;       // oldest telemetry rows removed to get under max_bytes
  std::int64_t dead_letters_removed = 0;  // dead_letter rows older than max_age
  std::int64_t batches = 0;               // write transactions that removed rows
  std::int64_t bytes_before = 0;          // live size, see live_database_bytes
  std::int64_t bytes_after = 0;
  bool interrupted = false;  // stopped early on request; the rest waits for the next pass
};

// Bytes in pages that hold data: (page_count - freelist_count) * page_size.
std::int64_t live_database_bytes(const Connection& connection);

// One pass: telemetry and dead letters older than now - max_age, then the
// oldest telemetry across every unit and both tables while the live size
// exceeds max_bytes (or until no telemetry is left). Throws StoreError for a
// policy with batch_rows 0 or a negative bound. A stop request ends the pass
// between two batches.
RetentionReport run_retention_pass(Database& database, const RetentionPolicy& policy, aegis::time::Millis now,
                                   std::stop_token stop = {});

// Runs a pass at start and then every `interval` on a thread of its own.
class RetentionWorker {
 public:
  // Throws StoreError when interval is not positive.
  RetentionWorker(Database& database, RetentionPolicy policy, std::chrono::seconds interval);
  ~RetentionWorker();
  RetentionWorker(const RetentionWorker&) = delete;
  RetentionWorker& operator=(const RetentionWorker&) = delete;

  // Starts the thread; does nothing when it runs already.
  void start();
  // Wakes the thread, ends a pass between two batches, and joins it.
  void stop();
  // The latest finished pass, or nullopt before the first one.
  std::optional<RetentionReport> last_report() const;

 private:
  void run(std::stop_token stop);

  Database& database_;
  const RetentionPolicy policy_;
  const std::chrono::seconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::optional<RetentionReport> last_report_;
  std::jthread thread_;
};

}  // namespace aegis::store
