#include "engine/retraining/model_rollback.hpp"

#include <algorithm>

#include "engine/retraining/retrain_pointer.hpp"

namespace aegis::retraining {

Rollback roll_back(models::ModelRegistry& registry, const std::string& model_name,
                   const std::optional<std::string>& version) {
  const auto all = registry.versions(model_name);  // newest first
  if (all.empty()) throw models::ModelUnavailable("Model not available: " + model_name);
  const auto current = std::find_if(all.begin(), all.end(), [](const models::ArtifactRecord& r) { return r.promoted; });

  auto target = all.end();
  if (version) {
    target = std::find_if(all.begin(), all.end(), [&](const models::ArtifactRecord& r) { return r.version == *version; });
    if (target == all.end()) throw models::ModelUnavailable("Model not available: " + model_name + " version " + *version);
    if (target == current) throw RollbackImpossible("Version " + *version + " of " + model_name + " is already promoted");
  } else {
    // Versions after the promoted one in the list are older.
    const auto older_than = current == all.end() ? all.begin() : std::next(current);
    target = std::find_if(older_than, all.end(), [](const models::ArtifactRecord& r) { return r.promoted_at.has_value(); });
    if (target == all.end()) {
      throw RollbackImpossible("No earlier promoted version of " + model_name + " to roll back to");
    }
  }

  std::optional<time::Millis> pointer;
  if (!target->sidecar.trained_through.empty()) pointer = time::parse_iso8601(target->sidecar.trained_through);
  registry.promote(model_name, target->version,
                   {.in_transaction = [&](store::Connection& connection) { write_pointer(connection, model_name, pointer); }});
  return Rollback{.model_name = model_name,
                  .version = target->version,
                  .replaced_version = current == all.end() ? "" : current->version,
                  .uri = target->uri};
}

}  // namespace aegis::retraining
