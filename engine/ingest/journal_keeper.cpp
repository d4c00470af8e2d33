#include "engine/ingest/journal_keeper.hpp"

#include <spdlog/spdlog.h>

#include "engine/common/thread_identity.hpp"

namespace aegis::ingest {

JournalKeeper::JournalKeeper(JournalKeeperOptions options)
    : options_(std::move(options)),
      journal_(JournalOptions{.dir = options_.dir, .segment_bytes = options_.segment_bytes}),
      syncer_([this] { sync_loop(); }) {}

JournalKeeper::~JournalKeeper() {
  release_waiters();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (syncer_.joinable()) syncer_.join();
  sync_now();
}

std::uint64_t JournalKeeper::record(std::string_view topic, std::string_view payload) {
  for (;;) {
    try {
      const auto seq = journal_.append(topic, payload);
      if (full_logged_.load(std::memory_order_relaxed) && full_logged_.exchange(false)) {
        spdlog::info("ingest: the intake journal has room again");
      }
      return seq;
    } catch (const JournalError& error) {
      // A full disk (JournalFull) or any other failure to grow the journal:
      // either way the message must not be acknowledged unjournaled.
      {
        std::lock_guard lock(blocked_mutex_);
        blocked_reason_ = error.what();
      }
      if (!full_logged_.exchange(true)) {
        spdlog::error("ingest: the intake journal cannot take messages ({}): MQTT messages wait at the broker until "
                      "it can",
                      error.what());
      }
      // The broker keeps what is not acknowledged: waiting here is how it learns.
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, std::chrono::seconds(1), [&] { return waiters_released_; })) return 0;
    }
  }
}

std::size_t JournalKeeper::replay(const Push& push) const {
  std::size_t count = 0;
  journal_.replay([&](std::uint64_t seq, std::string_view topic, std::string_view payload) {
    push(seq, topic, payload);
    ++count;
  });
  return count;
}

void JournalKeeper::decoded(std::uint64_t seq, std::size_t readings) {
  if (seq == 0) return;
  watermark_.decoded(seq, readings);
  if (readings == 0) journal_.committed_through(watermark_.through());
}

void JournalKeeper::settled(const std::map<std::uint64_t, std::size_t>& readings_by_seq) {
  for (const auto& [seq, readings] : readings_by_seq) watermark_.committed(seq, readings);
  journal_.committed_through(watermark_.through());
  if (options_.sync_interval.count() == 0) sync_now();
}

std::optional<std::string> JournalKeeper::blocked() const {
  if (!full_logged_.load()) return std::nullopt;
  std::lock_guard lock(blocked_mutex_);
  return blocked_reason_;
}

void JournalKeeper::release_waiters() {
  {
    std::lock_guard lock(mutex_);
    waiters_released_ = true;
  }
  wake_.notify_all();
}

void JournalKeeper::sync_loop() {
  threads::name_this_thread("aegis-journal");
  // With 0, commits flush; this catches what arrives while none happen.
  const auto interval = options_.sync_interval.count() == 0 ? std::chrono::milliseconds(1000) : options_.sync_interval;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [&] { return stopping_; })) {
    lock.unlock();
    sync_now();
    lock.lock();
  }
}

void JournalKeeper::sync_now() {
  try {
    journal_.sync();
  } catch (const std::exception& error) {
    spdlog::error("ingest: cannot flush the intake journal to storage: {}", error.what());
  }
}

}  // namespace aegis::ingest
