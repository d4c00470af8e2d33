#pragma once
// Which units a retraining run may learn from. The role of a unit depends
// only on its name, so it is the same in every run: a held-out unit is never
// trained on by any retrained model, which keeps the comparison between a
// candidate and the model it would replace fair run after run.
#include <string>
#include <vector>

#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::retraining {

enum class UnitRole {
  fit,          // training windows
  calibration,  // RUL interval calibration (never trained on)
  held_out,     // judging candidate and promoted model
};

// A stable position in [0, 1) for the unit (FNV-1a of a salt and "product/unit", finalised).
double unit_position(const telemetry::UnitKey& unit, std::string_view salt);

// Roles for `units`: `holdout_fraction` of them held out, and, when
// `calibrate`, a further 20 % of the rest for calibration. With two or more
// units at least one is held out and at least one trains.
std::vector<UnitRole> assign_roles(const std::vector<telemetry::UnitKey>& units, double holdout_fraction,
                                   bool calibrate);

}  // namespace aegis::retraining
