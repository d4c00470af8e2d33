#pragma once
// One sensor reading of one unit, whatever its profile: the common currency of
// ingest, the store, the simulator, the data-set readers and the features.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/time.hpp"

namespace aegis::telemetry {

// Training labels a feed may carry; absent on live production data.
struct Labels {
  std::optional<int> is_failure;
  std::optional<std::string> failure_type;
  std::optional<double> rul;  // synthetic_RUL (ai4i, steps) or remaining cycles (turbofan)
};

struct Reading {
  std::string product_id;
  std::string unit_id;
  time::Millis timestamp{};
  std::int64_t step_index = 0;  // the sender's seq, or the C-MAPSS cycle
  std::string engine_type;      // ai4i quality variant L/M/H; empty where the profile has none
  std::vector<double> values;   // the profile's sensors, in profile order
  Labels labels;
};

}  // namespace aegis::telemetry
