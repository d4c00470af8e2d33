#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <span>
#include <sstream>
#include <thread>
#include <vector>

#include "engine/ingest/ingest_pipeline.hpp"
#include "tests/support/gate.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;
using namespace std::chrono_literals;
using ingest::Accepted;
using ingest::IngestOptions;
using ingest::IngestPipeline;

namespace {

const time::Millis kStart = *time::parse_iso8601("2024-01-01T00:00:00Z");

Accepted reading(const std::string& unit, int hour, std::optional<std::int64_t> seq = std::nullopt) {
  Accepted accepted;
  accepted.profile = "ai4i";
  accepted.seq = seq;
  auto& r = accepted.reading;
  r.product_id = "L47181";
  r.unit_id = unit;
  r.timestamp = kStart + std::chrono::hours(hour);
  r.step_index = seq.value_or(0);
  r.engine_type = "L";
  r.values = {298.1, 308.6, 1551, 40.0 + hour, static_cast<double>(hour)};
  return accepted;
}

std::vector<Accepted> readings(const std::string& unit, int first_hour, int count) {
  std::vector<Accepted> batch;
  for (int i = 0; i < count; ++i) batch.push_back(reading(unit, first_hour + i));
  return batch;
}

struct Gateway {
  test::TempDir dir;
  store::Database db{{.path = dir / "ingest.db", .busy_timeout_ms = 20}};
  telemetry::TelemetryStore telemetry{db};
  profiles::ProfileCatalog catalog;
  std::int64_t rows() const { return telemetry.count(profiles::ai4i_profile()); }
};

// Polls until `done` holds, for at most two seconds.
template <class Condition>
bool eventually(Condition done) {
  for (int i = 0; i < 400; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return done();
}

using test::Gate;

}  // namespace

TEST_CASE("insert_new tells which readings made new rows", "[ingest]") {
  Gateway gw;
  const auto profile = profiles::ai4i_profile();
  std::vector<telemetry::Reading> first{reading("U1", 0).reading, reading("U1", 1).reading};
  CHECK(gw.telemetry.insert_new(profile, first) == std::vector<bool>{true, true});
  std::vector<telemetry::Reading> second{reading("U1", 1).reading, reading("U1", 2).reading, reading("U1", 2).reading};
  CHECK(gw.telemetry.insert_new(profile, second) == std::vector<bool>{false, true, false});
  CHECK(gw.telemetry.insert(profile, second) == 0);
  CHECK(gw.rows() == 3);
}

TEST_CASE("Readings from several threads are all committed once, in groups", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 5ms, .commit_rows = 256});
  const auto started = time::now();
  constexpr int kThreads = 4, kPerThread = 500, kPerSubmit = 25;
  // Catch2's assertions are not thread-safe: the producers only count.
  std::atomic<int> refused{0};
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, t] {
      for (int first = 0; first < kPerThread; first += kPerSubmit) {
        if (!pipeline.submit(readings("U" + std::to_string(t), first, kPerSubmit))) ++refused;
      }
    });
  }
  for (auto& producer : producers) producer.join();
  pipeline.flush();
  CHECK(refused == 0);

  CHECK(gw.rows() == kThreads * kPerThread);
  const auto stats = pipeline.stats();
  REQUIRE(stats.last_new_row_at);
  CHECK(*stats.last_new_row_at >= started);
  CHECK(*stats.last_new_row_at <= time::now());
  CHECK(stats.received == kThreads * kPerThread);
  CHECK(stats.committed_rows == kThreads * kPerThread);
  CHECK(stats.duplicates == 0);
  CHECK(stats.dropped_rows == 0);
  CHECK(stats.queue_depth == 0);
  CHECK(stats.commits >= 1);
  CHECK(stats.commits < kThreads * kPerThread / 10);
  CHECK(stats.max_commit_latency > 0us);
}

TEST_CASE("Duplicate deliveries make no rows, are counted, and are not passed on", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 5ms});
  std::mutex seen_mutex;
  std::vector<telemetry::Reading> seen;
  std::set<std::string> profiles_seen;
  pipeline.on_commit([&](const profiles::SensorProfile& profile, std::span<const telemetry::Reading> fresh) {
    std::lock_guard lock(seen_mutex);
    profiles_seen.insert(profile.name);
    seen.insert(seen.end(), fresh.begin(), fresh.end());
  });

  REQUIRE(pipeline.submit(readings("U1", 0, 100)));
  pipeline.flush();
  auto again = readings("U1", 0, 100);       // a broker redelivery
  auto more = readings("U1", 100, 10);       // and ten new ones, one of them twice
  more.push_back(reading("U1", 105));
  again.insert(again.end(), more.begin(), more.end());
  REQUIRE(pipeline.submit(again));
  pipeline.flush();

  CHECK(gw.rows() == 110);
  const auto stats = pipeline.stats();
  CHECK(stats.received == 211);
  CHECK(stats.committed_rows == 110);
  CHECK(stats.duplicates == 101);
  std::lock_guard lock(seen_mutex);
  CHECK(profiles_seen == std::set<std::string>{"ai4i"});
  REQUIRE(seen.size() == 110);
  std::set<std::int64_t> stamps;
  for (const auto& r : seen) stamps.insert(time::to_epoch_ms(r.timestamp));
  CHECK(stamps.size() == 110);
  CHECK(seen.front().timestamp == kStart);  // submission order
  CHECK(seen.back().timestamp == kStart + 109h);
}

TEST_CASE("A group waits for the commit interval; flush() does not", "[ingest]") {
  Gateway gw;
  SECTION("the interval commits a group that never fills") {
    IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 20ms, .commit_rows = 1000});
    REQUIRE(pipeline.submit(readings("U1", 0, 5)));
    CHECK(eventually([&] { return gw.rows() == 5; }));
    CHECK(pipeline.stats().commits == 1);
  }
  SECTION("flush commits at once what was submitted before it") {
    IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 60s, .commit_rows = 1000});
    REQUIRE(pipeline.submit(readings("U1", 0, 10)));
    const auto started = std::chrono::steady_clock::now();
    pipeline.flush();
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    CHECK(gw.rows() == 10);
    pipeline.flush();  // nothing queued: returns at once
    CHECK(pipeline.stats().commits == 1);
  }
}

TEST_CASE("stop() commits what is queued and refuses what comes after", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 60s, .commit_rows = 1000});
  REQUIRE(pipeline.submit(readings("U1", 0, 50)));
  pipeline.stop();
  CHECK(gw.rows() == 50);
  CHECK_FALSE(pipeline.submit(readings("U1", 50, 3)));
  const auto stats = pipeline.stats();
  CHECK(stats.committed_rows == 50);
  CHECK(stats.dropped_rows == 3);
  CHECK(stats.received == 53);
  pipeline.flush();  // returns: nothing waits
  pipeline.stop();   // twice is fine
}

TEST_CASE("A full queue blocks submit() until the writer catches up, losing nothing", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog,
                          {.queue_capacity = 4, .commit_interval = 1ms, .commit_rows = 2});
  Gate gate;
  pipeline.on_commit([&](const profiles::SensorProfile&, std::span<const telemetry::Reading>) { gate.wait(); });

  std::atomic<bool> submitted{false};
  std::atomic<int> refused{0};
  std::thread producer([&] {
    for (int hour = 0; hour < 40; hour += 5) {
      if (!pipeline.submit(readings("U1", hour, 5))) ++refused;
    }
    submitted = true;
  });
  // The writer is held in its first commit (two readings, which count
  // against the capacity); the queue fills with two more and the producer waits.
  CHECK(eventually([&] { return pipeline.stats().queue_depth == 2; }));
  std::this_thread::sleep_for(20ms);
  CHECK_FALSE(submitted.load());
  CHECK(pipeline.stats().queue_depth == 2);
  CHECK(pipeline.stats().held == 4);  // what the capacity bounds: the waiting two and the two in commit

  gate.open();
  producer.join();
  pipeline.flush();
  CHECK(submitted.load());
  CHECK(refused == 0);
  CHECK(gw.rows() == 40);
  const auto stats = pipeline.stats();
  CHECK(stats.committed_rows == 40);
  CHECK(stats.dropped_rows == 0);
  CHECK(stats.commits >= 20);  // at most two readings per group
  CHECK(stats.held == 0);
}

TEST_CASE("stop() releases a producer blocked on a full queue", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.queue_capacity = 2, .commit_interval = 1ms, .commit_rows = 1});
  Gate gate;
  std::atomic<bool> held{false};
  pipeline.on_commit([&](const profiles::SensorProfile&, std::span<const telemetry::Reading>) {
    held = true;
    gate.wait();
  });
  std::atomic<int> result{-1};
  std::thread producer([&] { result = pipeline.submit(readings("U1", 0, 10)) ? 1 : 0; });
  // One reading in the held commit, one queued: the capacity of two counts both.
  REQUIRE(eventually([&] { return held.load() && pipeline.stats().queue_depth == 1; }));
  std::thread stopper([&] { pipeline.stop(); });
  CHECK(eventually([&] { return result.load() == 0; }));  // refused while the writer is still held
  gate.open();
  stopper.join();
  producer.join();
  const auto stats = pipeline.stats();
  CHECK(stats.committed_rows == 2);  // one in the held commit, one queued
  CHECK(stats.dropped_rows == 8);
  CHECK(gw.rows() == 2);
}

TEST_CASE("Seq gaps and out-of-order seqs are counted per unit", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 5ms});
  std::vector<Accepted> batch;
  int hour = 0;
  for (const std::int64_t seq : {1, 2, 5, 6, 6, 3, 10}) batch.push_back(reading("A", hour++, seq));
  for (const std::int64_t seq : {7, 8, 9}) batch.push_back(reading("B", hour++, seq));
  batch.push_back(reading("B", hour++));  // no seq: not counted
  REQUIRE(pipeline.submit(batch));
  REQUIRE(pipeline.submit({reading("B", hour++, 12)}));
  pipeline.flush();
  const auto stats = pipeline.stats();
  CHECK(stats.seq_gaps == 7);  // A: 3, 4, 7, 8, 9; B: 10, 11
  CHECK(stats.seq_out_of_order == 2);
  CHECK(stats.committed_rows == 12);
}

TEST_CASE("A failed commit is retried; readings nobody waits for are never dropped while the pipeline runs",
          "[ingest]") {
  Gateway gw;
  store::Connection blocker(gw.db.path(), {});
  SECTION("the database frees up before the attempts run out") {
    IngestPipeline pipeline(gw.telemetry, gw.catalog,
                            {.commit_interval = 1ms, .commit_attempts = 5, .retry_backoff = 10ms});
    blocker.exec("BEGIN EXCLUSIVE");
    REQUIRE(pipeline.submit(readings("U1", 0, 20)));
    REQUIRE(eventually([&] { return pipeline.stats().commit_failures >= 1; }));
    blocker.exec("COMMIT");
    pipeline.flush();
    CHECK(gw.rows() == 20);
    const auto stats = pipeline.stats();
    CHECK(stats.committed_rows == 20);
    CHECK(stats.dropped_rows == 0);
  }
  SECTION("the database stays locked past every attempt: the readings are held, and stored once it frees up") {
    IngestPipeline pipeline(gw.telemetry, gw.catalog,
                            {.commit_interval = 1ms, .commit_attempts = 2, .retry_backoff = 5ms,
                             .max_retry_backoff = 20ms});
    blocker.exec("BEGIN EXCLUSIVE");
    REQUIRE(pipeline.submit(readings("U1", 0, 20)));
    REQUIRE(eventually([&] { return pipeline.stats().commit_failures >= 5; }));
    auto problem = pipeline.store_problem();
    REQUIRE(problem);
    CHECK(problem->holding);
    CHECK_FALSE(problem->disk_full);
    CHECK_THAT(problem->error, Catch::Contains("database is locked"));
    CHECK(pipeline.stats().dropped_rows == 0);
    CHECK(pipeline.stats().held == 20);
    // A producer that waits is told at once, instead of waiting for the store.
    const auto refused = pipeline.submit_and_wait(readings("U2", 0, 5));
    CHECK(refused.lost == 5);
    CHECK(pipeline.stats().dropped_rows == 5);

    blocker.exec("COMMIT");
    REQUIRE(eventually([&] { return gw.rows() == 20; }));
    CHECK_FALSE(pipeline.store_problem());
    const auto stats = pipeline.stats();
    CHECK(stats.committed_rows == 20);
    CHECK(stats.dropped_rows == 5);  // only the refused request's, which its producer heard about
    CHECK(pipeline.submit_and_wait(readings("U2", 0, 5)).stored());
  }
  SECTION("a stop while the store still cannot write drops them, counted") {
    IngestPipeline pipeline(gw.telemetry, gw.catalog,
                            {.commit_interval = 1ms, .commit_attempts = 2, .retry_backoff = 5ms,
                             .max_retry_backoff = 20ms});
    blocker.exec("BEGIN EXCLUSIVE");
    REQUIRE(pipeline.submit(readings("U1", 0, 20)));
    REQUIRE(eventually([&] { return pipeline.stats().commit_failures >= 3; }));
    const auto started = std::chrono::steady_clock::now();
    pipeline.stop();
    CHECK(std::chrono::steady_clock::now() - started < 2s);
    blocker.exec("COMMIT");
    const auto stats = pipeline.stats();
    CHECK(stats.dropped_rows == 20);
    CHECK(stats.committed_rows == 0);
    CHECK_FALSE(stats.last_new_row_at);  // nothing was stored
    CHECK(gw.rows() == 0);
  }
}

TEST_CASE("Waiting producers behind held readings are answered, not left waiting for the store", "[ingest]") {
  Gateway gw;
  store::Connection blocker(gw.db.path(), {});
  IngestPipeline pipeline(gw.telemetry, gw.catalog,
                          {.commit_interval = 1ms, .commit_attempts = 3, .retry_backoff = 20ms,
                           .max_retry_backoff = 20ms});
  blocker.exec("BEGIN EXCLUSIVE");
  REQUIRE(pipeline.submit(readings("U1", 0, 20)));
  REQUIRE(eventually([&] { return pipeline.stats().commit_failures >= 1; }));
  // Queued behind the failing group before the writer gives up on it.
  std::atomic<std::size_t> lost{0};
  std::thread waiting([&] { lost = pipeline.submit_and_wait(readings("U2", 0, 4)).lost; });
  waiting.join();
  CHECK(lost == 4);
  blocker.exec("COMMIT");
  REQUIRE(eventually([&] { return gw.rows() == 20; }));
  pipeline.flush();
  CHECK(pipeline.stats().dropped_rows == 4);
}

TEST_CASE("submit() refuses readings the catalog cannot store, queuing none of them", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 1ms});
  auto batch = readings("U1", 0, 3);
  batch[2].profile = "lathe";
  CHECK_THROWS_WITH(pipeline.submit(batch), "reading of L47181/U1 names unknown profile 'lathe'");
  batch[2].profile = "ai4i";
  batch[1].reading.values.pop_back();
  CHECK_THROWS_WITH(pipeline.submit(batch), "reading of L47181/U1 has 4 values, profile ai4i has 5 sensors");
  pipeline.flush();
  CHECK(gw.rows() == 0);
  CHECK(pipeline.stats().received == 0);
  CHECK_THROWS_AS(IngestPipeline(gw.telemetry, gw.catalog, {.queue_capacity = 0}), std::invalid_argument);
}

TEST_CASE("A backlog is committed in groups of up to half the queue capacity", "[ingest]") {
  Gateway gw;
  IngestPipeline pipeline(gw.telemetry, gw.catalog, {.queue_capacity = 100, .commit_interval = 1ms, .commit_rows = 10});
  Gate gate;
  std::mutex sizes_mutex;
  std::vector<std::size_t> sizes;
  pipeline.on_commit([&](const profiles::SensorProfile&, std::span<const telemetry::Reading> fresh) {
    {
      std::lock_guard lock(sizes_mutex);
      sizes.push_back(fresh.size());
    }
    gate.wait();
  });
  REQUIRE(pipeline.submit(readings("U1", 0, 10)));  // the first group, held in its listener
  REQUIRE(eventually([&] { return pipeline.stats().queue_depth == 0 && pipeline.stats().commits == 1; }));
  REQUIRE(pipeline.submit(readings("U1", 10, 90)));  // a backlog: the capacity less the held ten
  CHECK(pipeline.stats().queue_depth == 90);
  CHECK(pipeline.stats().held == 100);
  gate.open();
  pipeline.flush();
  CHECK(gw.rows() == 100);
  std::lock_guard lock(sizes_mutex);
  CHECK(sizes == std::vector<std::size_t>{10, 50, 40});
}

TEST_CASE("submit_and_wait() says whether its readings were stored", "[ingest]") {
  Gateway gw;
  store::Connection blocker(gw.db.path(), {});
  IngestPipeline pipeline(gw.telemetry, gw.catalog,
                          {.commit_interval = 60s, .commit_attempts = 2, .retry_backoff = 5ms});
  SECTION("stored, without waiting for the commit interval; duplicates count as stored") {
    auto outcome = pipeline.submit_and_wait(readings("U1", 0, 20));
    CHECK(outcome.queued);
    CHECK(outcome.lost == 0);
    CHECK(outcome.stored());
    CHECK(gw.rows() == 20);
    outcome = pipeline.submit_and_wait(readings("U1", 10, 20));
    CHECK(outcome.stored());
    CHECK(gw.rows() == 30);
  }
  SECTION("every commit attempt failed: each reading is reported lost") {
    blocker.exec("BEGIN EXCLUSIVE");
    const auto outcome = pipeline.submit_and_wait(readings("U1", 0, 20));
    blocker.exec("COMMIT");
    CHECK(outcome.queued);
    CHECK(outcome.lost == 20);
    CHECK_FALSE(outcome.stored());
    CHECK(gw.rows() == 0);
    CHECK(pipeline.stats().dropped_rows == 20);
    // Once the lock is gone, the same readings sent again are stored.
    CHECK(pipeline.submit_and_wait(readings("U1", 0, 20)).stored());
    CHECK(gw.rows() == 20);
  }
  SECTION("refused while stopping") {
    pipeline.stop();
    const auto outcome = pipeline.submit_and_wait(readings("U1", 0, 3));
    CHECK_FALSE(outcome.queued);
    CHECK_FALSE(outcome.stored());
  }
}

namespace {

// The nice value of this process's thread called `name`, from /proc.
std::optional<int> nice_of_thread(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string thread_name;
    std::getline(comm, thread_name);
    if (thread_name != name) continue;
    std::ifstream stat_file(task.path() / "stat");
    std::string stat;
    std::getline(stat_file, stat);
    // Fields after the parenthesised name: state is field 3, nice field 19.
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) return std::stoi(field);
    }
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("The store writer is a named thread that gives up writer_nice levels", "[ingest]") {
  Gateway gw;
  errno = 0;
  const int own_nice = getpriority(PRIO_PROCESS, 0);
  REQUIRE(errno == 0);
  {
    IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 1ms, .writer_nice = 7});
    REQUIRE(pipeline.submit(readings("U1", 0, 3)));
    pipeline.flush();
    CHECK(nice_of_thread("aegis-store") == std::min(own_nice + 7, 19));
  }
  CHECK(gw.rows() == 3);
  {
    IngestPipeline pipeline(gw.telemetry, gw.catalog, {.commit_interval = 1ms, .writer_nice = 0});
    REQUIRE(pipeline.submit(readings("U1", 3, 1)));
    pipeline.flush();  // the writer has run, so it has named itself
    CHECK(nice_of_thread("aegis-store") == own_nice);
  }
  CHECK_THROWS_AS(IngestPipeline(gw.telemetry, gw.catalog, {.writer_nice = 20}), std::invalid_argument);
  CHECK_THROWS_AS(IngestPipeline(gw.telemetry, gw.catalog, {.writer_nice = -1}), std::invalid_argument);
}
