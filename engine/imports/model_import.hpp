#pragma once
// Installing an XGBoost model trained elsewhere (the seed backend, a notebook,
// any binding's save_model) into the gateway's registry, so the gateway
// scores exactly as the library that trained it. The import checks what the
// gateway relies on before anything is written: the bytes are an XGBoost JSON
// or UBJSON model, its objective fits the task, its feature count matches the
// feature names, and it scores one vector.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/models/model_registry.hpp"
#include "engine/profiles/profile_catalog.hpp"

namespace aegis::imports {

struct ModelImportRequest {
  std::string model_name;
  std::string task;     // classification | failure_mode | rul
  std::string profile;  // a profile of the catalog
  // Feature names in model input order. When absent: the names stored in the
  // model file, else the profile's default recipe for the task.
  std::optional<std::vector<std::string>> feature_names;
  bool promote = false;
  std::string origin;  // where the bytes came from, for messages ("model file clf.json")
};

struct ModelImportResult {
  models::ArtifactRecord record;
  std::string features_from;  // "request", "model file" or "profile"
  std::string source_format;  // "json" or "ubjson"
  std::string source_sha256;  // of the bytes as given
  std::string objective;
  std::vector<float> smoke_output;  // the model's output for an all-zero vector
};

// Throws ImportError (nothing registered) for bad input; other failures
// (disk, database) propagate as they are.
ModelImportResult import_model(models::ModelRegistry& registry, const profiles::ProfileCatalog& catalog,
                               std::string_view model_bytes, const ModelImportRequest& request);

// "a,b,c" -> {"a", "b", "c"}, blanks around names dropped; ImportError for an
// empty name. A name given twice is refused by import_model, which also
// checks the names a model file carries.
std::vector<std::string> parse_feature_list(std::string_view text);

// The registry's model name rule (models::is_valid_model_name); throws
// ImportError for a name that breaks it.
void check_model_name(const std::string& name);

}  // namespace aegis::imports
