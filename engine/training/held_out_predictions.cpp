#include "engine/training/held_out_predictions.hpp"

#include <cstdio>

#include "engine/models/metrics.hpp"

namespace aegis::training {
namespace {

// Unit ids come from the data: quoted when they hold a comma, a quote or a
// line break, as RFC 4180 has it.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

// Nine significant digits: a float read back is the same float.
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

}  // namespace

std::string held_out_csv(Task task, const models::Booster& booster, const models::Sidecar& sidecar,
                         const Examples& held_out) {
  const auto output = booster.predict(held_out.set.features, held_out.set.rows);
  std::vector<std::string> predictions;
  predictions.reserve(held_out.set.rows);
  if (task == Task::failure_mode) {
    for (const int index : models::argmax_rows(output, sidecar.classes.size())) {
      predictions.push_back(csv_field(sidecar.classes.at(static_cast<std::size_t>(index))));
    }
  } else {
    for (const float value : output) predictions.push_back(number(value));
  }
  std::string csv = "unit,label,prediction\n";
  for (std::size_t row = 0; row < held_out.set.rows; ++row) {
    csv += csv_field(held_out.groups.at(row)) + ',' + number(held_out.set.labels.at(row)) + ',' + predictions[row] +
           '\n';
  }
  return csv;
}

}  // namespace aegis::training
