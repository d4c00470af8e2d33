#pragma once
// Per-unit sequence numbers (SPEC section 5 `seq`): how many readings a
// sender numbered but never delivered, and how many came again or late.
#include <cstdint>
#include <map>

#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::ingest {

class SeqTracker {
 public:
  struct Outcome {
    std::int64_t missing = 0;   // seqs skipped between the highest seen and this one
    bool out_of_order = false;  // this seq is not above the highest seen: a repeat or a late one
    std::int64_t first_missing = 0;  // the skipped range, when missing > 0
    std::int64_t last_missing = 0;
  };

  // A seq of 0 below the highest seen is a sender that restarted counting:
  // the unit starts afresh instead of counting late arrivals until it
  // catches up with its old numbers.
  Outcome observe(const telemetry::UnitKey& unit, std::int64_t seq);

 private:
  std::map<telemetry::UnitKey, std::int64_t> highest_;
};

}  // namespace aegis::ingest
