#include "engine/ingest/ingest_pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "engine/common/thread_identity.hpp"
#include "engine/store/sqlite.hpp"

namespace aegis::ingest {
namespace {

using Clock = std::chrono::steady_clock;

IngestOptions checked(IngestOptions options) {
  if (options.queue_capacity == 0) throw std::invalid_argument("ingest queue capacity must be at least 1 reading");
  if (options.commit_rows == 0) throw std::invalid_argument("ingest commit group must be at least 1 reading");
  if (options.commit_attempts < 1) throw std::invalid_argument("ingest commit attempts must be at least 1");
  if (options.writer_nice < 0 || options.writer_nice > 19) {
    throw std::invalid_argument("ingest writer nice must be between 0 and 19");
  }
  // A group larger than the queue could never fill; the interval would be the only trigger.
  options.commit_rows = std::min(options.commit_rows, options.queue_capacity);
  return options;
}

std::string unit_name(const telemetry::Reading& reading) { return reading.product_id + "/" + reading.unit_id; }

}  // namespace

IngestPipeline::IngestPipeline(telemetry::TelemetryStore& store, const profiles::ProfileCatalog& catalog,
                               IngestOptions options)
    : store_(store), catalog_(catalog), options_(checked(options)), writer_([this] { write_loop(); }) {}

IngestPipeline::~IngestPipeline() { stop(); }

void IngestPipeline::on_commit(CommitListener listener) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

void IngestPipeline::check(const std::vector<Accepted>& readings) const {
  // Checked before anything is queued, so a caller's mistake fails its own
  // call instead of a whole group on the writer thread.
  for (const Accepted& accepted : readings) {
    const profiles::SensorProfile* profile = catalog_.find(accepted.profile);
    if (!profile) {
      throw std::invalid_argument("reading of " + unit_name(accepted.reading) + " names unknown profile '" +
                                  accepted.profile + "'");
    }
    if (accepted.reading.values.size() != profile->sensors.size()) {
      throw std::invalid_argument("reading of " + unit_name(accepted.reading) + " has " +
                                  std::to_string(accepted.reading.values.size()) + " values, profile " +
                                  profile->name + " has " + std::to_string(profile->sensors.size()) + " sensors");
    }
  }
}

std::optional<std::uint64_t> IngestPipeline::enqueue(std::vector<Accepted>& readings,
                                                     const std::shared_ptr<Waiter>& waiter) {
  check(readings);
  received_ += readings.size();

  std::unique_lock lock(mutex_);
  if (readings.empty()) return stopping_ ? std::nullopt : std::optional(queued_total_);
  const auto held = [&] { return queue_.size() + in_commit_; };
  std::size_t next = 0;
  while (next < readings.size()) {
    space_free_.wait(lock, [&] { return held() < options_.queue_capacity || stopping_; });
    if (stopping_) {
      const std::size_t refused = readings.size() - next;
      dropped_rows_ += refused;
      if (waiter) waiter->pending.fetch_sub(refused);
      lock.unlock();
      spdlog::warn("ingest: {} readings refused because the pipeline is stopping", refused);
      return std::nullopt;
    }
    const auto now = Clock::now();
    const bool was_empty = queue_.empty();
    while (next < readings.size() && held() < options_.queue_capacity) {
      queue_.push_back({std::move(readings[next++]), now, waiter});
      ++queued_total_;
    }
    queue_depth_ = queue_.size();
    held_ = held();
    if (was_empty || queue_.size() >= options_.commit_rows) work_ready_.notify_one();
  }
  return queued_total_;
}

bool IngestPipeline::submit(std::vector<Accepted> readings) { return enqueue(readings, nullptr).has_value(); }

SubmitOutcome IngestPipeline::submit_and_wait(std::vector<Accepted> readings) {
  // While the writer holds acknowledged readings it cannot store, waiting
  // would mean waiting for the disk: these are given up at once.
  if (const auto problem = store_problem(); problem && problem->holding) {
    check(readings);
    received_ += readings.size();
    dropped_rows_ += readings.size();
    return SubmitOutcome{.queued = true, .lost = readings.size()};
  }
  auto waiter = std::make_shared<Waiter>();
  waiter->pending = readings.size();
  const auto target = enqueue(readings, waiter);
  // Also after a refusal: what was queued before it is committed or dropped
  // by the stopping writer, and the caller hears about both. The wait is for
  // these readings only, not for all queued before them: those may be
  // acknowledged MQTT readings the writer holds while the store cannot write.
  {
    std::unique_lock lock(mutex_);
    flush_target_ = std::max(flush_target_, target.value_or(queued_total_));
    work_ready_.notify_one();
    progress_.wait(lock, [&] { return waiter->pending.load() == 0; });
  }
  return SubmitOutcome{
      .queued = target.has_value(), .lost = waiter->lost.load(), .duplicates = waiter->duplicates.load()};
}

void IngestPipeline::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = queued_total_;
  lock.unlock();
  wait_done(target);
}

void IngestPipeline::wait_done(std::uint64_t target) {
  std::unique_lock lock(mutex_);
  if (done_total_ >= target) return;
  flush_target_ = std::max(flush_target_, target);
  work_ready_.notify_one();
  progress_.wait(lock, [&] { return done_total_ >= target; });
}

void IngestPipeline::begin_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    stop_requested_ = true;
  }
  work_ready_.notify_all();
  space_free_.notify_all();
}

void IngestPipeline::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  begin_stop();
  if (writer_.joinable()) writer_.join();
}

IngestStats IngestPipeline::stats() const {
  return IngestStats{
      .received = received_.load(),
      .committed_rows = committed_rows_.load(),
      .duplicates = duplicates_.load(),
      .seq_gaps = seq_gaps_.load(),
      .seq_out_of_order = seq_out_of_order_.load(),
      .commits = commits_.load(),
      .commit_failures = commit_failures_.load(),
      .dropped_rows = dropped_rows_.load(),
      .queue_depth = queue_depth_.load(),
      .held = held_.load(),
      .max_commit_latency = std::chrono::microseconds(max_commit_latency_us_.load()),
      .last_new_row_at = last_new_row_ms_.load() == 0
                             ? std::nullopt
                             : std::optional(time::Millis(std::chrono::milliseconds(last_new_row_ms_.load()))),
  };
}

void IngestPipeline::write_loop() {
  threads::name_this_thread("aegis-store");
  if (!threads::lower_this_thread_priority(options_.writer_nice)) {
    spdlog::warn("ingest: the store writer keeps its priority (the system refused nice +{})", options_.writer_nice);
  }
  std::unique_lock lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and everything queued is committed

    // Group commit: wait for a full group, the oldest reading's deadline, a
    // flush or stop, whichever comes first.
    const auto deadline = queue_.front().queued_at + options_.commit_interval;
    work_ready_.wait_until(lock, deadline, [&] {
      return queue_.size() >= options_.commit_rows || stopping_ || flush_target_ > taken_total_;
    });

    // A backlog is taken whole, up to half the capacity, so that producers
    // can fill the other half while this group commits.
    const std::size_t backlog_group = std::max(options_.commit_rows, options_.queue_capacity / 2);
    const std::size_t take = std::min(queue_.size(), backlog_group);
    std::deque<Queued> group;
    if (take == queue_.size()) {
      // In constant time, the usual case: the decoder waits for this lock,
      // and a writer preempted while moving readings one by one under it
      // would leave the decoder, and behind it the MQTT client, waiting.
      group.swap(queue_);
    } else {
      const auto end = queue_.begin() + static_cast<std::ptrdiff_t>(take);
      group.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
      queue_.erase(queue_.begin(), end);
    }
    taken_total_ += take;
    in_commit_ = take;
    queue_depth_ = queue_.size();
    held_ = queue_.size() + in_commit_;
    lock.unlock();

    try {
      commit_group(group);
    } catch (const std::exception& error) {
      // commit_group handles store errors itself; this is the last guard
      // that keeps the writer alive, and flush() callers answered.
      dropped_rows_ += group.size();
      for (const Queued& queued : group) {
        if (!queued.finished) mark_lost(queued);
      }
      spdlog::error("ingest: dropped {} readings: {}", group.size(), error.what());
    }
    for (Queued& queued : group) finish(queued);

    group.clear();  // freeing the readings, not under the lock

    lock.lock();
    done_total_ += take;
    in_commit_ = 0;
    held_ = queue_.size();
    progress_.notify_all();
    space_free_.notify_all();
  }
}

void IngestPipeline::mark_lost(const Queued& queued) {
  if (queued.waiter) queued.waiter->lost.fetch_add(1);
}

void IngestPipeline::finish(Queued& queued) {
  if (!queued.waiter || queued.finished) return;
  queued.finished = true;
  queued.waiter->pending.fetch_sub(1);
}

void IngestPipeline::commit_group(std::deque<Queued>& group) {
  count_seqs(group);

  // Per profile, in the order profiles first appear; each keeps submission order.
  std::vector<ProfileRows> by_profile;
  for (std::size_t i = 0; i < group.size(); ++i) {
    Queued& queued = group[i];
    const profiles::SensorProfile* profile = catalog_.find(queued.accepted.profile);
    auto it = std::find_if(by_profile.begin(), by_profile.end(), [&](const auto& entry) { return entry.profile == profile; });
    if (it == by_profile.end()) {
      by_profile.push_back({profile, {}, {}});
      it = std::prev(by_profile.end());
      it->readings.reserve(group.size());
    }
    it->readings.push_back(std::move(queued.accepted.reading));
    it->members.push_back(i);
  }

  // Every profile is stored before any listener runs, so the latency is the
  // store's alone and a slow listener delays the next group, not this one.
  bool stored_any = false;
  std::vector<std::pair<const profiles::SensorProfile*, std::vector<telemetry::Reading>>> new_rows;
  std::map<std::uint64_t, std::size_t> settled;
  for (auto& share : by_profile) {
    const auto fresh = insert_with_retries(share, group);
    auto& [profile, readings, members] = share;
    if (!fresh) {
      for (const std::size_t member : members) mark_lost(group[member]);
      continue;
    }
    stored_any = true;
    for (const std::size_t member : members) {
      if (const auto seq = group[member].accepted.journal_seq) ++settled[seq];
    }
    std::vector<telemetry::Reading> rows;
    for (std::size_t i = 0; i < readings.size(); ++i) {
      if ((*fresh)[i]) {
        rows.push_back(std::move(readings[i]));
      } else if (const auto& waiter = group[members[i]].waiter) {
        waiter->duplicates.fetch_add(1);
      }
    }
    committed_rows_ += rows.size();
    duplicates_ += readings.size() - rows.size();
    if (!rows.empty()) new_rows.emplace_back(profile, std::move(rows));
  }
  if (stored_any) ++commits_;
  if (!new_rows.empty()) last_new_row_ms_ = time::now().time_since_epoch().count();
  note_latency(Clock::now() - group.front().queued_at);
  if (settled_listener_ && !settled.empty()) {
    try {
      settled_listener_(settled);
    } catch (const std::exception& error) {
      spdlog::error("ingest: the journal could not note {} committed messages: {}", settled.size(), error.what());
    }
  }
  for (const auto& [profile, rows] : new_rows) tell_listeners(*profile, rows);
}

void IngestPipeline::count_seqs(const std::deque<Queued>& group) {
  for (const Queued& queued : group) {
    if (!queued.accepted.seq) continue;
    const telemetry::Reading& reading = queued.accepted.reading;
    const telemetry::UnitKey unit{reading.product_id, reading.unit_id};
    const auto outcome = seqs_.observe(unit, *queued.accepted.seq);
    if (outcome.out_of_order) ++seq_out_of_order_;
    if (outcome.missing == 0) continue;
    seq_gaps_ += static_cast<std::uint64_t>(outcome.missing);
    {
      std::lock_guard lock(gaps_mutex_);
      auto& report = gaps_[unit];
      report.unit = unit;
      report.missing += static_cast<std::uint64_t>(outcome.missing);
      report.last_first = outcome.first_missing;
      report.last_last = outcome.last_missing;
      report.last_at = time::now();
    }
    spdlog::warn("ingest: {} never sent seq {}..{} ({} readings missing: lost on the way or dropped by the broker)",
                 unit_name(reading), outcome.first_missing, outcome.last_missing, outcome.missing);
  }
}

std::vector<SeqGapReport> IngestPipeline::seq_gaps_since(time::Millis since) const {
  std::lock_guard lock(gaps_mutex_);
  std::vector<SeqGapReport> recent;
  for (const auto& [unit, report] : gaps_) {
    if (report.last_at >= since) recent.push_back(report);
  }
  return recent;
}

namespace {

std::string problem_kind(const StoreProblem& problem) {
  if (problem.disk_full) return "the disk is full";
  if (problem.read_only) return "the database is read-only";
  return "the store cannot write";
}

}  // namespace

std::optional<std::vector<bool>> IngestPipeline::insert_with_retries(ProfileRows& rows, std::deque<Queued>& group) {
  auto backoff = options_.retry_backoff;
  for (int attempt = 1;; ++attempt) {
    try {
      auto fresh = store_.insert_new(*rows.profile, rows.readings);
      std::optional<StoreProblem> ended;
      {
        std::lock_guard lock(problem_mutex_);
        ended.swap(problem_);
      }
      if (ended) spdlog::info("ingest: the store writes again ({} until now)", problem_kind(*ended));
      return fresh;
    } catch (const std::exception& error) {
      ++commit_failures_;
      const bool waited_only = std::all_of(rows.members.begin(), rows.members.end(),
                                           [&](std::size_t member) { return group[member].waiter != nullptr; });
      if (attempt >= options_.commit_attempts) {
        // Producers that wait hear now; acknowledged readings stay.
        give_up_waited(rows, group);
        if (rows.readings.empty() || stop_requested_.load()) {
          dropped_rows_ += rows.readings.size();
          if (!rows.readings.empty()) {
            spdlog::error("ingest: stopping with {} acknowledged {} readings the store could not write (those that "
                          "came over MQTT stay in the intake journal for the next start): {}",
                          rows.readings.size(), rows.profile->name, error.what());
          }
          note_failure(error, false);
          return std::nullopt;
        }
      }
      const bool holding = !waited_only && attempt >= options_.commit_attempts;
      note_failure(error, holding);
      if (holding) {
        // Waiting producers hear now, those of this group's other
        // profiles and those queued behind it too.
        give_up_waited_in_group(group);
        give_up_waited_in_queue();
      }
      if (attempt <= options_.commit_attempts) {
        spdlog::warn("ingest: commit of {} {} readings failed (attempt {}), retrying in {} ms: {}",
                     rows.readings.size(), rows.profile->name, attempt, backoff.count(), error.what());
      }
      {
        // A stop cuts the wait short: it decides the readings' fate above.
        std::unique_lock lock(mutex_);
        work_ready_.wait_for(lock, backoff, [&] { return stopping_; });
      }
      backoff = std::min(backoff * 2, std::max(options_.max_retry_backoff, options_.retry_backoff));
    }
  }
}

void IngestPipeline::give_up_waited(ProfileRows& rows, std::deque<Queued>& group) {
  const bool any = std::any_of(rows.members.begin(), rows.members.end(),
                               [&](std::size_t member) { return group[member].waiter != nullptr; });
  if (!any) return;
  std::vector<telemetry::Reading> kept;
  std::vector<std::size_t> kept_members;
  std::size_t given_up = 0;
  for (std::size_t i = 0; i < rows.members.size(); ++i) {
    Queued& queued = group[rows.members[i]];
    if (queued.waiter) {
      mark_lost(queued);
      finish(queued);
      ++given_up;
    } else {
      kept.push_back(std::move(rows.readings[i]));
      kept_members.push_back(rows.members[i]);
    }
  }
  dropped_rows_ += given_up;
  rows.readings = std::move(kept);
  rows.members = std::move(kept_members);
  std::lock_guard lock(mutex_);
  progress_.notify_all();
}

void IngestPipeline::give_up_waited_in_group(std::deque<Queued>& group) {
  std::size_t given_up = 0;
  for (Queued& queued : group) {
    if (!queued.waiter || queued.finished) continue;
    mark_lost(queued);
    finish(queued);
    ++given_up;
  }
  if (given_up == 0) return;
  std::lock_guard lock(mutex_);
  progress_.notify_all();
}

void IngestPipeline::give_up_waited_in_queue() {
  std::lock_guard lock(mutex_);
  std::size_t given_up = 0;
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (!it->waiter) {
      ++it;
      continue;
    }
    mark_lost(*it);
    finish(*it);
    it = queue_.erase(it);
    ++given_up;
  }
  if (given_up == 0) return;
  // Taken out and done, as far as flush() and the capacity are concerned.
  taken_total_ += given_up;
  done_total_ += given_up;
  dropped_rows_ += given_up;
  queue_depth_ = queue_.size();
  held_ = queue_.size() + in_commit_;
  progress_.notify_all();
  space_free_.notify_all();
}

void IngestPipeline::note_failure(const std::exception& error, bool holding) {
  const auto* store_error = dynamic_cast<const store::StoreError*>(&error);
  const int code = store_error ? store_error->code() : 0;
  bool first = false;
  {
    std::lock_guard lock(problem_mutex_);
    if (!problem_) {
      problem_ = StoreProblem{.since = time::now()};
      first = true;
    }
    problem_->error = error.what();
    problem_->disk_full = code == SQLITE_FULL;
    problem_->read_only = code == SQLITE_READONLY;
    problem_->holding = problem_->holding || holding;
  }
  if (first) spdlog::error("ingest: the store cannot write: {}", error.what());
}

std::optional<StoreProblem> IngestPipeline::store_problem() const {
  std::lock_guard lock(problem_mutex_);
  return problem_;
}

void IngestPipeline::tell_listeners(const profiles::SensorProfile& profile,
                                    std::span<const telemetry::Reading> fresh) {
  std::vector<CommitListener> listeners;
  {
    std::lock_guard lock(listeners_mutex_);
    listeners = listeners_;
  }
  for (const auto& listener : listeners) {
    try {
      listener(profile, fresh);
    } catch (const std::exception& error) {
      spdlog::error("ingest: a commit listener failed on {} {} readings: {}", fresh.size(), profile.name,
                    error.what());
    }
  }
}

void IngestPipeline::note_latency(Clock::duration latency) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
  auto worst = max_commit_latency_us_.load();
  while (us > worst && !max_commit_latency_us_.compare_exchange_weak(worst, us)) {
  }
}

}  // namespace aegis::ingest
