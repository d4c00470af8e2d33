#pragma once
// Putting back the model that served before the current one, with the
// retrain pointer it was trained through, in one transaction.
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/models/model_registry.hpp"

namespace aegis::retraining {

// There is no earlier version to go back to (409).
class RollbackImpossible : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Rollback {
  std::string model_name;
  std::string version;           // served now
  std::string replaced_version;  // served before the rollback; empty when none was promoted
  std::string uri;
};

// Without `version`: the newest version created before the promoted one that
// was itself promoted once. With it: that version. Throws
// models::ModelUnavailable for an unknown name or version, RollbackImpossible
// when there is nothing earlier, models::ModelError when the target fails
// verification (nothing changes then).
Rollback roll_back(models::ModelRegistry& registry, const std::string& model_name,
                   const std::optional<std::string>& version = std::nullopt);

}  // namespace aegis::retraining
