#include "engine/ingest/seq_tracker.hpp"

namespace aegis::ingest {

SeqTracker::Outcome SeqTracker::observe(const telemetry::UnitKey& unit, std::int64_t seq) {
  const auto [it, first] = highest_.try_emplace(unit, seq);
  if (first) return {};
  std::int64_t& highest = it->second;
  if (seq > highest) {
    const Outcome outcome{seq - highest - 1, false, highest + 1, seq - 1};
    highest = seq;
    return outcome;
  }
  if (seq == 0 && highest > 0) {
    highest = 0;
    return {};
  }
  return {0, true};
}

}  // namespace aegis::ingest
