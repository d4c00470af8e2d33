#pragma once
// Small but real models and telemetry for tests of the scoring endpoints:
// XGBoost models trained in the test on synthetic ai4i data whose rule is
// known, installed and promoted through the real registry.
#include <string>
#include <vector>

#include "engine/models/model_registry.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::test {

// `steps` hourly ai4i readings of one unit from 2024-01-01T00:00:00Z. A
// degrading unit's torque and tool wear climb toward overstrain; a healthy
// one stays near nominal.
std::vector<telemetry::Reading> unit_history(const std::string& product_id, const std::string& unit_id, int steps,
                                             bool degrading);

// Trains and promotes xgb_classifier (seed_window; failure when the mean
// torque of the window exceeds 55 Nm), xgb_failure_mode (ai4i_snapshot;
// overstrain above the strain limit, else no failure) and xgb_regressor
// (seed_window; RUL = 200 - last tool wear, calibrated).
void install_test_models(models::ModelRegistry& registry);

}  // namespace aegis::test
