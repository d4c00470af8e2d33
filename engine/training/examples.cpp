#include "engine/training/examples.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <stdexcept>

#include "engine/features/failure_mode_features.hpp"
#include "engine/features/seed_features.hpp"
#include "engine/scoring/feature_sets.hpp"

namespace aegis::training {
namespace {

void append(Examples& examples, const std::vector<double>& features, float label, const std::string& group,
            time::Millis window_end) {
  examples.set.features.insert(examples.set.features.end(), features.begin(), features.end());
  examples.window_ends.push_back(window_end);
  examples.set.labels.push_back(label);
  examples.groups.push_back(group);
  ++examples.set.rows;
}

std::optional<float> window_label(Task task, std::span<const telemetry::Reading> window, double rul_cap) {
  const auto& last = window.back();
  switch (task) {
    case Task::classification: {
      bool any_label = false, failed = false;
      for (const auto& row : features::last_rows(window)) {
        if (!row.labels.is_failure) continue;
        any_label = true;
        failed = failed || *row.labels.is_failure == 1;
      }
      if (!any_label) return std::nullopt;
      return failed ? 1.0f : 0.0f;
    }
    case Task::rul:
      if (!last.labels.rul) return std::nullopt;
      return static_cast<float>(rul_cap > 0 ? std::min(*last.labels.rul, rul_cap) : *last.labels.rul);
    case Task::failure_mode: {
      if (!last.labels.failure_type) return std::nullopt;
      const auto index = features::failure_mode_class_index(*last.labels.failure_type);
      if (!index) return std::nullopt;
      return static_cast<float>(*index);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Task> parse_task(const std::string& name) {
  if (name == "classification") return Task::classification;
  if (name == "failure_mode") return Task::failure_mode;
  if (name == "rul") return Task::rul;
  return std::nullopt;
}

std::string task_name(Task task) {
  switch (task) {
    case Task::classification: return "classification";
    case Task::failure_mode: return "failure_mode";
    case Task::rul: return "rul";
  }
  return "classification";
}

Examples window_examples(const std::string& feature_set, const profiles::SensorProfile& profile, Task task,
                         std::vector<telemetry::Reading> readings, const WindowOptions& options) {
  Examples examples;
  examples.feature_set = feature_set;
  examples.rul_cap = options.rul_cap;
  examples.feature_names = scoring::feature_names(feature_set, profile);
  examples.set.cols = examples.feature_names.size();
  std::stable_sort(readings.begin(), readings.end(), [](const telemetry::Reading& a, const telemetry::Reading& b) {
    return std::tie(a.product_id, a.unit_id, a.timestamp) < std::tie(b.product_id, b.unit_id, b.timestamp);
  });
  const std::size_t stride = std::max<std::size_t>(1, options.stride);
  std::size_t begin = 0;
  while (begin < readings.size()) {
    std::size_t end = begin;
    while (end < readings.size() && readings[end].product_id == readings[begin].product_id &&
           readings[end].unit_id == readings[begin].unit_id) {
      ++end;
    }
    const std::string group = readings[begin].product_id + "/" + readings[begin].unit_id;
    const std::span<const telemetry::Reading> unit(readings.data() + begin, end - begin);
    // Window ends counted back from the unit's last row, so its final state is always an example.
    for (std::size_t back = 0; back < unit.size(); back += stride) {
      const std::size_t stop = unit.size() - back;
      const auto history = unit.first(stop);
      if (const auto label = window_label(task, history, options.rul_cap)) {
        append(examples, scoring::feature_vector(feature_set, profile, history), *label, group,
               history.back().timestamp);
        if (task == Task::rul && options.rul_cap > 0) examples.true_labels.push_back(*window_label(task, history, 0));
      }
      if (options.last_row_only) break;
    }
    begin = end;
  }
  if (examples.set.rows == 0) {
    throw std::invalid_argument("no labelled " + task_name(task) + " examples in the data (are the label columns empty?)");
  }
  return examples;
}

Examples snapshot_examples(Task task, const std::vector<telemetry::Reading>& readings) {
  Examples examples;
  examples.feature_set = scoring::kAi4iSnapshot;
  examples.feature_names = features::failure_mode_feature_names();
  examples.set.cols = examples.feature_names.size();
  for (const auto& reading : readings) {
    const std::span<const telemetry::Reading> one(&reading, 1);
    const auto label = window_label(task, one, 0);
    if (!label) continue;
    append(examples, scoring::feature_vector(scoring::kAi4iSnapshot, profiles::ai4i_profile(), one), *label,
           reading.product_id + "/" + reading.unit_id, reading.timestamp);
  }
  if (examples.set.rows == 0) throw std::invalid_argument("no labelled " + task_name(task) + " examples in the data");
  return examples;
}

Examples select_rows(const Examples& examples, const std::vector<std::size_t>& rows) {
  Examples out;
  out.feature_names = examples.feature_names;
  out.feature_set = examples.feature_set;
  out.rul_cap = examples.rul_cap;
  out.set.cols = examples.set.cols;
  for (const std::size_t row : rows) {
    const auto first = examples.set.features.begin() + static_cast<std::ptrdiff_t>(row * examples.set.cols);
    out.set.features.insert(out.set.features.end(), first, first + static_cast<std::ptrdiff_t>(examples.set.cols));
    out.set.labels.push_back(examples.set.labels[row]);
    if (!examples.set.weights.empty()) out.set.weights.push_back(examples.set.weights[row]);
    out.groups.push_back(examples.groups[row]);
    if (!examples.window_ends.empty()) out.window_ends.push_back(examples.window_ends[row]);
    if (!examples.true_labels.empty()) out.true_labels.push_back(examples.true_labels[row]);
    ++out.set.rows;
  }
  return out;
}

}  // namespace aegis::training
