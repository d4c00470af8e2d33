#include "engine/ingest/journal_watermark.hpp"

#include <stdexcept>
#include <string>

namespace aegis::ingest {

void JournalWatermark::decoded(std::uint64_t seq, std::size_t readings) {
  std::lock_guard lock(mutex_);
  if (seq <= last_decoded_)
    throw std::invalid_argument("journal seq " + std::to_string(seq) + " decoded after seq " +
                                std::to_string(last_decoded_));
  last_decoded_ = seq;
  // Early counts for seqs skipped on the way were for messages never decoded: nothing waits for them.
  early_.erase(early_.begin(), early_.lower_bound(seq));
  std::size_t done = 0;
  if (const auto early = early_.find(seq); early != early_.end()) {
    done = early->second;
    early_.erase(early);
  }
  if (readings > done) outstanding_.emplace(seq, readings - done);
}

void JournalWatermark::committed(std::uint64_t seq, std::size_t readings) {
  if (readings == 0) return;
  std::lock_guard lock(mutex_);
  if (seq > last_decoded_) {
    early_[seq] += readings;
    return;
  }
  const auto it = outstanding_.find(seq);
  if (it == outstanding_.end()) return;  // already complete: more reported than decoded
  if (readings >= it->second) {
    outstanding_.erase(it);
  } else {
    it->second -= readings;
  }
}

std::uint64_t JournalWatermark::through() const {
  std::lock_guard lock(mutex_);
  return outstanding_.empty() ? last_decoded_ : outstanding_.begin()->first - 1;
}

}  // namespace aegis::ingest
