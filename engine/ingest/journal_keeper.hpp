#pragma once
// The intake journal at work: what the MQTT callback calls to make a message
// durable before it returns, what the decoder and the store writer report so
// that the journal can forget what the database holds, the periodic flush
// that bounds what a power cut can lose, and the replay at start.
//
// The pieces: IntakeJournal (the mapped files, intake_journal.hpp) and
// JournalWatermark (which seqs the database holds in full,
// journal_watermark.hpp). This class owns both and the flushing thread.
//
// A full disk. When the journal cannot grow, record() waits and tries again
// every second instead of returning: the MQTT client then acknowledges
// nothing more, and the broker keeps the messages. stop() ends the wait.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "engine/ingest/intake_journal.hpp"
#include "engine/ingest/journal_watermark.hpp"

namespace aegis::ingest {

struct JournalKeeperOptions {
  std::filesystem::path dir;
  // Flushed to storage at least this often; 0: after every commit group
  // (and once a second besides, for what waits while the store cannot write).
  std::chrono::milliseconds sync_interval{1000};
  // Reserved per segment file: small enough for a gateway's flash, large
  // enough that a fast feed starts a new one about once a second.
  std::size_t segment_bytes = 4 << 20;
};

class JournalKeeper {
 public:
  // Opens the journal (JournalError naming the folder or file).
  explicit JournalKeeper(JournalKeeperOptions options);
  ~JournalKeeper();  // ends the flushing thread, then a last flush
  JournalKeeper(const JournalKeeper&) = delete;
  JournalKeeper& operator=(const JournalKeeper&) = delete;

  // Makes the message durable and returns its seq; waits (trying again
  // each second) while the journal cannot grow. Returns 0 (not journaled)
  // once release_waiters() was called.
  std::uint64_t record(std::string_view topic, std::string_view payload);

  using Push = std::function<void(std::uint64_t seq, std::string_view topic, std::string_view payload)>;
  // Hands every message the database did not hold at the last stop to
  // `push`, in order; returns how many. Call once, before record().
  std::size_t replay(const Push& push) const;

  // The decoder took message `seq` and queued `readings` of it.
  void decoded(std::uint64_t seq, std::size_t readings);
  // The store writer committed (or found stored) that many readings of each seq.
  void settled(const std::map<std::uint64_t, std::size_t>& readings_by_seq);

  // Ends record()'s waits, for a stop. The flushing goes on until the
  // keeper is destroyed (after the store's last commits).
  void release_waiters();

  JournalStats stats() const { return journal_.stats(); }

  // Why record() is waiting now (the journal cannot grow), or nullopt.
  std::optional<std::string> blocked() const;

 private:
  void sync_loop();
  void sync_now();

  const JournalKeeperOptions options_;
  IntakeJournal journal_;
  JournalWatermark watermark_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;          // the flushing thread ends
  bool waiters_released_ = false;  // record() returns at once
  std::atomic<bool> full_logged_{false};  // record() waits for the journal
  mutable std::mutex blocked_mutex_;
  std::string blocked_reason_;
  std::thread syncer_;  // last: starts once the rest exists
};

}  // namespace aegis::ingest
