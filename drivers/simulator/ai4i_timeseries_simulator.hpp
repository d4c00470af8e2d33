#pragma once
// Per-machine AI4I time series in the seed's manner: a fleet of machines,
// each with one reading per hour, some degrading toward a failure. The output
// is what the gateway trains and tests on (ai4i profile, seed's telemetry
// layout; write it with datasets::write_timeseries_csv).
//
// Choices, since the seed's generator is not published:
// - ids: product "L47181"-style (variant letter + AI4I serial of the machine
//   number), unit "UNIT_001" (at least three digits);
// - round(failure_share x machines) machines fail, chosen at random; their
//   modes take turns (heat dissipation, power, overstrain, tool wear), so
//   every mode occurs once four machines fail. Random failures are not
//   simulated: nothing could be learned from them;
// - a failing machine fails at its last step; its last 5-50 % of steps (the
//   failure window, at least one step) drift linearly from healthy readings
//   to a point that meets its mode's condition with a margin, noise fading
//   out, so the final reading meets the condition:
//     heat dissipation: gap process - air -> 7.6-8.3 K, speed -> 1250-1350
//       rpm (torque following the speed-torque curve);
//     power: torque -> 9-13.5 Nm (power < 3500 W) or 69.5-74 Nm (> 9000 W),
//       speed on the curve;
//     overstrain: tool wear -> 220-240 min, torque -> 1.04-1.09 x the
//       variant's limit / wear;
//     tool wear: tool wear -> 200-240 min (its tool is never replaced late);
// - healthy readings stay clear of every condition (gap >= 9 K, torque
//   20-56 Nm, power 3800-8700 W, wear x torque <= 0.9 x limit, tools replaced
//   at 150-195 min, or 100-140 min on machines failing by heat or power);
// - labels: is_failure = 1 and failure_type = the mode's AI4I name on every
//   step of the failure window (as the seed marked it; set
//   label_whole_window = false to mark the final step only), else 0 and
//   "No Failure"; synthetic_RUL = steps to the failure step (0 at it), and
//   for healthy machines steps to the end of the series + healthy_rul_margin
//   (they are not known to fail within the series, so their RUL is a lower
//   bound kept clear of the failing range's end);
// - values rounded like the AI4I file (0.1 K, whole rpm, 0.1 Nm, whole min).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::simulator {

struct TimeSeriesOptions {
  std::uint64_t seed = 42;
  std::size_t machines = 400;
  int min_steps = 60;
  int max_steps = 120;
  double failure_share = 0.3;
  time::Millis start = time::from_epoch_ms(1704067200000);  // 2024-01-01T00:00:00Z, first step of every machine
  double healthy_rul_margin = 100.0;
  bool label_whole_window = true;
};

// Readings machine by machine, steps in order; values in ai4i profile order.
// Throws std::invalid_argument for inconsistent options.
std::vector<telemetry::Reading> simulate_timeseries(const TimeSeriesOptions& options = {});

}  // namespace aegis::simulator
