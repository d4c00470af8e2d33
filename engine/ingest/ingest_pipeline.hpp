#pragma once
// The road from decoded readings to the telemetry table, shared by MQTT and
// POST /telemetry. Producers put readings into a bounded queue; one writer
// thread takes them out in groups and commits each group in one transaction
// per profile: SQLite has one writer anyway, and a transaction per group
// rather than per reading is what lets a gateway's flash keep up with a feed.
// A full queue blocks the producers (back-pressure) instead of growing
// without bound or dropping readings.
//
// Group size. A group is committed when `commit_rows` readings wait or the
// oldest has waited `commit_interval`. When more than that waits (a backlog
// drains faster than the store commits groups of `commit_rows`), the writer
// takes everything waiting, up to half the queue capacity, in one group: a
// commit rewrites every page it touches, and with many units each small
// group touches about one page per unit, so bigger groups under a backlog
// mean fewer bytes written per reading. The defaults (100 ms, 10,000 rows)
// lean towards throughput for the same reason: with a fast feed on two
// cores the writer competes with the broker and the MQTT client for CPU,
// and groups of 100 ms cost it about a third less per reading than groups
// of 50 ms (docs/BENCHMARKS.md), for 50 ms more latency to the store.
//
// Capacity. `queue_capacity` bounds the readings the pipeline holds: queued
// plus the group being committed. That is also the most a crash (kill -9)
// can lose of what the producers were told was queued.
//
// A store that cannot write (disk full, read-only, I/O errors). Readings
// whose producer waits for the outcome (POST /telemetry) are given up after
// `commit_attempts` and reported lost, so their client hears it and can
// retry. Readings nobody waits for (MQTT: the broker was told they arrived)
// are never given up while the pipeline runs: the writer keeps trying their
// group, backing off up to `max_retry_backoff`, the queue fills, and a full
// queue stops the MQTT client reading, so the broker keeps what follows.
// store_problem() says why meanwhile. Only a stop while the store still
// cannot write drops them (counted in dropped_rows, and logged).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/ingest/payload_decoder.hpp"
#include "engine/ingest/seq_tracker.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::ingest {

struct IngestOptions {
  std::size_t queue_capacity = 20000;               // readings waiting at most; submit() blocks beyond
  std::chrono::milliseconds commit_interval{100};  // the longest a reading waits for its group to fill
  std::size_t commit_rows = 10000;                  // a group this size is committed at once (more under a backlog)
  int commit_attempts = 5;                          // tries per group before its readings are dropped
  std::chrono::milliseconds retry_backoff{100};    // wait after the first failed try, doubled after each
  std::chrono::milliseconds max_retry_backoff{5000};  // the longest wait between tries of a group nobody waits for
  // Nice levels the writer thread gives up (0-19). When the cores are short,
  // the MQTT client and the broker then go first and the writer falls
  // behind instead, which makes its groups bigger and so cheaper per
  // reading; nothing is dropped, a full queue pauses intake as always.
  int writer_nice = 5;
};

// Counters since the pipeline started.
struct IngestStats {
  std::uint64_t received = 0;          // readings handed to submit()
  std::uint64_t committed_rows = 0;    // readings that made a new row
  std::uint64_t duplicates = 0;        // readings whose (product_id, unit_id, ts) was already stored
  std::uint64_t seq_gaps = 0;          // seqs skipped by senders: readings numbered but never received
  std::uint64_t seq_out_of_order = 0;  // seqs not above the unit's highest so far (repeats, late arrivals)
  std::uint64_t commits = 0;           // groups committed
  std::uint64_t commit_failures = 0;   // failed commit attempts, retried or not
  std::uint64_t dropped_rows = 0;      // readings never stored: every commit attempt failed, or refused at stop
  std::uint64_t queue_depth = 0;       // readings waiting now, not counting the group being committed
  std::uint64_t held = 0;              // queue_depth plus the group being committed: what queue_capacity bounds
  std::chrono::microseconds max_commit_latency{0};  // submit() to commit, worst group so far
  std::optional<time::Millis> last_new_row_at;      // wall clock of the last commit that made a new row
};

// Why the store cannot take readings, while it cannot.
struct StoreProblem {
  std::string error;       // the last commit's error
  bool disk_full = false;  // SQLite said the database or the disk is full
  bool read_only = false;  // SQLite said the database is read-only
  time::Millis since{};    // the first failed commit of this spell
  // True while the writer holds acknowledged readings it could not store:
  // producers that wait (POST /telemetry) are then refused at once.
  bool holding = false;
};

// A unit whose sender skipped sequence numbers: readings it numbered that
// never arrived (lost on the way, or dropped by a broker).
struct SeqGapReport {
  telemetry::UnitKey unit;
  std::uint64_t missing = 0;  // since the pipeline started
  std::int64_t last_first = 0;  // the newest skipped range
  std::int64_t last_last = 0;
  time::Millis last_at{};  // when the newest gap was seen
};

// What became of the readings of one submit_and_wait().
struct SubmitOutcome {
  bool queued = true;      // false: the pipeline was stopping, and some readings were refused
  std::size_t lost = 0;    // readings queued but dropped because every commit attempt failed
  std::size_t duplicates = 0;  // readings whose unit already had one at that timestamp: the first one stands
  bool stored() const { return queued && lost == 0; }
};

// Called on the writer thread after each commit, once per profile, with the
// readings that made new rows (never a duplicate), in submission order. It
// must not call flush() or stop(), and should be quick: the queue waits.
using CommitListener =
    std::function<void(const profiles::SensorProfile& profile, std::span<const telemetry::Reading> fresh)>;

// Called on the writer thread after each group, with how many of its
// readings of each intake journal seq are now in the database (stored, or
// found already stored); readings held or dropped are not among them.
using SettledListener = std::function<void(const std::map<std::uint64_t, std::size_t>& settled_by_journal_seq)>;

class IngestPipeline {
 public:
  // Throws std::invalid_argument for a zero capacity, group size or attempt count.
  IngestPipeline(telemetry::TelemetryStore& store, const profiles::ProfileCatalog& catalog,
                 IngestOptions options = {});
  ~IngestPipeline();  // stop()
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  void on_commit(CommitListener listener);
  // One listener; set before the first reading is submitted.
  void on_settled(SettledListener listener) { settled_listener_ = std::move(listener); }

  // Queues the readings, blocking while the queue is full. Returns false
  // when the pipeline is stopping: the readings not yet queued are then
  // dropped (and counted). Throws std::invalid_argument, queuing nothing,
  // when a reading names a profile the catalog lacks or has the wrong
  // number of values for it. Any thread may call it.
  bool submit(std::vector<Accepted> readings);

  // Like submit(), then waits until each of these readings is committed (or
  // found already stored) or dropped, without waiting for the commit
  // interval, and says which. While the writer holds acknowledged readings
  // the store cannot take (store_problem()->holding), they are reported lost
  // at once. For callers that answer someone who can retry
  // (POST /telemetry): a retry after a failure makes no duplicate.
  SubmitOutcome submit_and_wait(std::vector<Accepted> readings);

  // Returns once every reading queued before the call is committed (or,
  // after every attempt failed, dropped and counted).
  void flush();

  // Refuses further readings, commits what is queued, joins the writer.
  void stop();
  // stop() without the join: producers blocked on a full queue are released
  // (their readings refused) and a group held because the store cannot
  // write is given up, so the threads feeding the pipeline can be stopped.
  void begin_stop();

  IngestStats stats() const;

  // Set from the first failed commit until the next one that succeeds.
  std::optional<StoreProblem> store_problem() const;

  // Units whose newest seq gap was seen at or after `since`, by unit.
  std::vector<SeqGapReport> seq_gaps_since(time::Millis since) const;

 private:
  // Shared by the readings of one submit_and_wait() and its caller.
  struct Waiter {
    std::atomic<std::size_t> lost{0};
    std::atomic<std::size_t> duplicates{0};
    std::atomic<std::size_t> pending{0};  // readings not yet committed, found stored or given up
  };
  struct Queued {
    Accepted accepted;
    std::chrono::steady_clock::time_point queued_at;
    std::shared_ptr<Waiter> waiter;  // null unless a submit_and_wait() caller waits for it
    bool finished = false;           // its waiter was told
  };
  // One profile's share of a group, in submission order.
  struct ProfileRows {
    const profiles::SensorProfile* profile;
    std::vector<telemetry::Reading> readings;
    std::vector<std::size_t> members;  // positions in the group
  };

  void check(const std::vector<Accepted>& readings) const;
  // Queues like submit(); returns the queued_total_ after the last reading
  // queued, or nullopt when some were refused because the pipeline stops.
  std::optional<std::uint64_t> enqueue(std::vector<Accepted>& readings, const std::shared_ptr<Waiter>& waiter);
  void wait_done(std::uint64_t target);
  void write_loop();
  static void mark_lost(const Queued& queued);
  static void finish(Queued& queued);
  void commit_group(std::deque<Queued>& group);
  void count_seqs(const std::deque<Queued>& group);
  // Stores `rows`, or nullopt when they were given up; readings that a
  // producer waits for may be taken out of `rows` and reported lost first.
  std::optional<std::vector<bool>> insert_with_retries(ProfileRows& rows, std::deque<Queued>& group);
  void give_up_waited(ProfileRows& rows, std::deque<Queued>& group);
  void give_up_waited_in_queue();
  void give_up_waited_in_group(std::deque<Queued>& group);
  void note_failure(const std::exception& error, bool holding);
  void tell_listeners(const profiles::SensorProfile& profile, std::span<const telemetry::Reading> fresh);
  void note_latency(std::chrono::steady_clock::duration latency);

  telemetry::TelemetryStore& store_;
  const profiles::ProfileCatalog& catalog_;
  const IngestOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;  // the writer waits for readings, a full group, a flush or stop
  std::condition_variable space_free_;  // producers wait for room in the queue
  std::condition_variable progress_;    // flush() waits for commits
  std::deque<Queued> queue_;
  std::uint64_t queued_total_ = 0;  // readings ever queued
  std::uint64_t taken_total_ = 0;   // readings the writer took out of the queue
  std::size_t in_commit_ = 0;       // readings taken but not yet done; count against the capacity
  std::uint64_t done_total_ = 0;    // readings committed or dropped
  std::uint64_t flush_target_ = 0;  // a flush() waits until done_total_ reaches this
  bool stopping_ = false;
  std::atomic<bool> stop_requested_{false};  // stopping_, for the writer's retry loop outside the lock

  mutable std::mutex problem_mutex_;
  std::optional<StoreProblem> problem_;

  std::mutex listeners_mutex_;
  std::vector<CommitListener> listeners_;
  SettledListener settled_listener_;

  SeqTracker seqs_;  // writer thread only
  mutable std::mutex gaps_mutex_;
  std::map<telemetry::UnitKey, SeqGapReport> gaps_;

  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> committed_rows_{0};
  std::atomic<std::uint64_t> duplicates_{0};
  std::atomic<std::uint64_t> seq_gaps_{0};
  std::atomic<std::uint64_t> seq_out_of_order_{0};
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> commit_failures_{0};
  std::atomic<std::uint64_t> dropped_rows_{0};
  std::atomic<std::uint64_t> queue_depth_{0};
  std::atomic<std::uint64_t> held_{0};
  std::atomic<std::int64_t> last_new_row_ms_{0};  // since the epoch; 0: no new row yet
  std::atomic<std::int64_t> max_commit_latency_us_{0};

  std::mutex stop_mutex_;
  std::thread writer_;  // last: starts once everything above exists
};

}  // namespace aegis::ingest
