#pragma once
// Model artifacts on the gateway: files in the artifact folder
// (<dir>/<name>/<version>/model.ubj + sidecar.json), every version recorded in
// model_artifact, one promoted version per name, and a cache of loaded
// boosters. A model is verified (file present, sha256 as recorded, loads, has
// the sidecar's feature count) before it is promoted or served; one that fails
// is refused and the version promoted before it keeps serving.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/models/booster.hpp"
#include "engine/models/sidecar.hpp"
#include "engine/store/database.hpp"

namespace aegis::models {

// The requested model has no usable version (maps to 404 "Model not available").
class ModelUnavailable : public ModelError {
 public:
  using ModelError::ModelError;
};

struct ArtifactRecord {
  std::string model_name;
  std::string version;
  std::string uri;  // file:// URI of the model file
  Sidecar sidecar;
  bool promoted = false;
  std::string created_at;
  std::optional<std::string> promoted_at;
};

struct LoadedModel {
  ArtifactRecord record;
  Booster booster;
};

// Extra steps of an install or a promotion. `in_transaction` runs inside the
// transaction that records the model, for rows that must change together with
// it (the retraining pointer). `confirm_promotion` (install only) runs first in
// that transaction when a promotion is asked for; returning false installs the
// version unpromoted, for callers whose decision rests on what was promoted
// when they started. `checkpoint` is told each step as it completes
// ("model_file_written", "files_written", "committed"), so fault-injection
// tests can stop the process at the riskiest moments.
struct RegistryHooks {
  std::function<void(store::Connection&)> in_transaction;
  std::function<bool(store::Connection&)> confirm_promotion;
  std::function<void(std::string_view step)> checkpoint;
};

class ModelRegistry {
 public:
  ModelRegistry(store::Database& database, std::filesystem::path artifact_dir);

  // Writes the model and its sidecar (crash-safely, model first), then records
  // the version in one transaction, promoting it when asked (and confirmed).
  // The sidecar's model_name, version, model_file and sha256 are filled in
  // here; the version is reserved by creating its folder, so concurrent
  // installs under one name, even from other processes, never share one.
  // Throws ModelError for a name that breaks the model name rule.
  ArtifactRecord install(const std::string& model_name, const Booster& booster, Sidecar sidecar, bool promote,
                         const RegistryHooks& hooks = {});

  // Verifies the version and makes it the one served; throws ModelError (and
  // changes nothing) when it does not verify.
  void promote(const std::string& model_name, const std::string& version, const RegistryHooks& hooks = {});

  std::vector<ArtifactRecord> promoted() const;  // one per name, ordered by name
  std::vector<ArtifactRecord> versions(const std::string& model_name) const;  // newest first

  // The model served under `model_name`: the promoted version, loaded once
  // and cached. When it fails verification, the newest earlier version that
  // was promoted and verifies is served instead, and the failure logged.
  std::shared_ptr<const LoadedModel> get(const std::string& model_name);

  // Empties the cache and returns the URIs that were in it.
  std::vector<std::string> clear_cache();
  std::size_t cached_count() const;


  const std::filesystem::path& artifact_dir() const { return artifact_dir_; }

 private:
  // A version string for now, YYYYMMDD_HHMMSS (with _2, _3, ... when taken),
  // whose folder this call created.
  std::string reserve_version(const std::string& model_name) const;
  std::shared_ptr<const LoadedModel> load_verified(const ArtifactRecord& record) const;
  std::vector<ArtifactRecord> query(const std::string& where, const std::string& order,
                                    const std::optional<std::string>& name) const;

  store::Database& database_;
  std::filesystem::path artifact_dir_;
  mutable std::mutex cache_mutex_;
  std::map<std::string, std::shared_ptr<const LoadedModel>> cache_;  // by model name
};

std::string file_uri(const std::filesystem::path& path);
// The version string of an artifact made at `instant`: YYYYMMDD_HHMMSS (UTC).
std::string version_for(time::Millis instant);
std::filesystem::path path_from_uri(const std::string& uri);

}  // namespace aegis::models
