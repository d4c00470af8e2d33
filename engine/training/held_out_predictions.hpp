#pragma once
// What a training run's held-out metrics summarise, row by row: for each
// held-out example its unit ("product/unit"; for AI4I snapshots
// "product/UDI"), its label and the model's prediction (the failure
// probability, the predicted RUL, or the predicted failure mode), as CSV.
// Benchmarks read it to see which failures a model ranks low.
#include <string>

#include "engine/models/booster.hpp"
#include "engine/models/sidecar.hpp"
#include "engine/training/examples.hpp"

namespace aegis::training {

// Header "unit,label,prediction", then one line per row of `held_out`.
std::string held_out_csv(Task task, const models::Booster& booster, const models::Sidecar& sidecar,
                         const Examples& held_out);

}  // namespace aegis::training
