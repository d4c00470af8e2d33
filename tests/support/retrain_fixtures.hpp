#pragma once
// Labelled telemetry for retraining tests: the synthetic units of
// model_fixtures with the labels a feed can carry (is_failure, failure_type,
// synthetic_RUL), and the same readings as a POST /telemetry body.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/telemetry/reading.hpp"

namespace aegis::test {

// Steps [first, first + count) of a unit whose life is `life` hourly steps.
// A degrading unit fails (is_failure 1, "Overstrain Failure") over the last
// fifth of its life; synthetic_RUL is the steps left. `inverted` flips
// is_failure (mislabelled data).
std::vector<telemetry::Reading> labelled_history(const std::string& product_id, const std::string& unit_id, int life,
                                                 bool degrading, int first, int count, bool inverted = false);

// "U00".."U<n-1>" of product P1, every other one degrading.
std::vector<std::string> unit_names(int count);

// The readings as POST /telemetry records.
nlohmann::json telemetry_body(const std::vector<telemetry::Reading>& readings);

}  // namespace aegis::test
