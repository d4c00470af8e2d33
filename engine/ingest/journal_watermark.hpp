#pragma once
// Which intake journal seqs (intake_journal.hpp) the database holds in full:
// the seq to pass to IntakeJournal::committed_through().
//
// Why a count per message: one MQTT message becomes several readings, which
// the writer commits in groups that need not line up with messages, and a
// message may be trimmed from the journal only once all of its readings are
// in. through() is the seq just below the lowest message with readings still
// outstanding, and never above the last message decoded: what the decoder
// has not reached is not covered.
//
// The decoder calls decoded() with each message's accepted readings, in
// journal seq order, 0 for a message with none (refused, or all dead
// letters): such a message is complete at once. A seq never passed to
// decoded() counts as complete once a later seq is decoded, so the decoder
// must pass every journaled message. The writer calls committed() as readings
// are committed or found to be duplicates; readings dropped after every
// commit attempt failed should be reported too, or through() stops there
// and the journal grows until the next start replays them. committed() may
// come before decoded() for the same seq (the writer can commit a reading
// before the decoder gets to record its message): the counts meet.
//
// Thread-safe; each call is a map operation under a mutex.
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>

namespace aegis::ingest {

class JournalWatermark {
 public:
  // Throws std::invalid_argument when seq is not above the last seq decoded.
  void decoded(std::uint64_t seq, std::size_t readings);
  void committed(std::uint64_t seq, std::size_t readings);
  // 0 until the first message is complete.
  std::uint64_t through() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t last_decoded_ = 0;
  std::map<std::uint64_t, std::size_t> outstanding_;  // decoded, readings not yet committed (never 0)
  std::map<std::uint64_t, std::size_t> early_;        // committed above last_decoded_, not yet decoded
};

}  // namespace aegis::ingest
