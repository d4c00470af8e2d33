#pragma once
// From a data file to the examples of one task, for `aegisd train` and
// `aegisd eval`: which feature recipe and which split fit the file's kind.
#include <filesystem>
#include <optional>
#include <string>

#include "drivers/datasets/training_data.hpp"
#include "engine/training/examples.hpp"

namespace aegis::cli {

struct TaskData {
  training::Examples examples;
  bool stratified = false;  // snapshots: split rows by label, not by unit
};

// Throws std::invalid_argument when the task does not fit the file or
// profile, DatasetError for a bad file.
TaskData task_data(const profiles::SensorProfile& profile, training::Task task, const std::filesystem::path& data,
                   const std::optional<std::filesystem::path>& truth, std::size_t stride);

}  // namespace aegis::cli
