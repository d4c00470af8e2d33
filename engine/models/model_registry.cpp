#include "engine/models/model_registry.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "engine/common/atomic_file.hpp"
#include "engine/common/sha256.hpp"
#include "engine/common/time.hpp"
#include "engine/models/model_name.hpp"

namespace aegis::models {
namespace {

constexpr const char* kModelFileName = "model.ubj";
constexpr const char* kSidecarFileName = "sidecar.json";
constexpr const char* kColumns =
    "model_name, version, path, metadata, is_promoted, created_at, promoted_at, sha256";

}  // namespace

std::string version_for(time::Millis instant) {
  using namespace std::chrono;
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const hh_mm_ss<seconds> clock{floor<seconds>(instant - day)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02u_%02d%02d%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

namespace {

ArtifactRecord read_record(const store::Statement& row) {
  ArtifactRecord record;
  record.model_name = row.column_text(0);
  record.version = row.column_text(1);
  record.uri = row.column_text(2);
  record.sidecar = Sidecar::from_json(nlohmann::json::parse(row.column_text(3)), record.model_name);
  record.sidecar.sha256 = row.column_text(7);  // the registry's record is the reference
  record.promoted = row.column_int(4) != 0;
  record.created_at = time::format_iso8601(time::from_epoch_ms(row.column_int(5)));
  if (auto promoted_at = row.column_optional_int(6)) {
    record.promoted_at = time::format_iso8601(time::from_epoch_ms(*promoted_at));
  }
  return record;
}

}  // namespace

std::string file_uri(const std::filesystem::path& path) { return "file://" + std::filesystem::absolute(path).string(); }

std::filesystem::path path_from_uri(const std::string& uri) {
  if (uri.rfind("file://", 0) != 0) throw ModelError("unsupported model URI (only file:// is served): " + uri);
  return uri.substr(7);
}

ModelRegistry::ModelRegistry(store::Database& database, std::filesystem::path artifact_dir)
    : database_(database), artifact_dir_(std::move(artifact_dir)) {}

std::string ModelRegistry::reserve_version(const std::string& model_name) const {
  const auto parent = artifact_dir_ / model_name;
  std::filesystem::create_directories(parent);
  const std::string base = version_for(time::now());
  const auto taken = versions(model_name);
  auto recorded = [&](const std::string& v) {
    return std::any_of(taken.begin(), taken.end(), [&](const ArtifactRecord& r) { return r.version == v; });
  };
  // create_directory is atomic and says whether it made the folder: the
  // install (of this process or another) that makes it owns the version. A
  // folder left by a crashed install is skipped like a taken one.
  for (int suffix = 1;; ++suffix) {
    const std::string candidate = suffix == 1 ? base : base + "_" + std::to_string(suffix);
    if (!recorded(candidate) && std::filesystem::create_directory(parent / candidate)) return candidate;
  }
}

ArtifactRecord ModelRegistry::install(const std::string& model_name, const Booster& booster, Sidecar sidecar,
                                      bool promote, const RegistryHooks& hooks) {
  auto checkpoint = [&](std::string_view step) {
    if (hooks.checkpoint) hooks.checkpoint(step);
  };
  if (!is_valid_model_name(model_name)) throw ModelError(model_name_problem(model_name));
  sidecar.model_name = model_name;
  sidecar.version = reserve_version(model_name);
  if (sidecar.created_at.empty()) sidecar.created_at = time::format_iso8601(time::now());
  const auto folder = artifact_dir_ / model_name / sidecar.version;

  const auto bytes = booster.serialize(ModelFormat::ubjson);
  const std::string_view content(bytes.data(), bytes.size());
  // Model file first, sidecar second, registry row last: a crash anywhere
  // before the commit leaves files nobody points at, never a row whose files
  // are incomplete.
  files::write_file_atomically(folder / kModelFileName, content);
  checkpoint("model_file_written");
  sidecar.model_file = kModelFileName;
  sidecar.sha256 = crypto::sha256_hex(content);
  files::write_file_atomically(folder / kSidecarFileName, sidecar.to_json().dump(2));
  checkpoint("files_written");

  const std::string uri = file_uri(folder / kModelFileName);
  const auto now_ms = time::to_epoch_ms(time::now());
  database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    // Decided again here, where no other promotion can interleave.
    if (promote && hooks.confirm_promotion) promote = hooks.confirm_promotion(connection);
    if (promote) {
      store::Statement demote(connection, "UPDATE model_artifact SET is_promoted = 0 WHERE model_name = ?");
      demote.bind(1, model_name).run();
    }
    store::Statement insert(connection,
                            "INSERT INTO model_artifact (model_name, version, path, task, profile, sha256, metadata, "
                            "metrics, created_at, is_promoted, promoted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, model_name).bind(2, sidecar.version).bind(3, uri).bind(4, sidecar.task).bind(5, sidecar.profile);
    insert.bind(6, sidecar.sha256).bind(7, sidecar.to_json().dump()).bind(8, sidecar.metrics.dump());
    insert.bind(9, now_ms).bind(10, promote ? 1 : 0);
    if (promote) {
      insert.bind(11, now_ms);
    } else {
      insert.bind_null(11);
    }
    insert.run();
    if (hooks.in_transaction) hooks.in_transaction(connection);
    transaction.commit();
  });
  checkpoint("committed");
  if (promote) {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(model_name);
  }
  spdlog::info("model {} version {} installed{} ({})", model_name, sidecar.version, promote ? " and promoted" : "", uri);
  auto all = versions(model_name);
  for (auto& record : all) {
    if (record.version == sidecar.version) return record;
  }
  throw ModelError("model " + model_name + " version " + sidecar.version + " vanished after install");
}

void ModelRegistry::promote(const std::string& model_name, const std::string& version, const RegistryHooks& hooks) {
  const auto all = versions(model_name);
  const auto it = std::find_if(all.begin(), all.end(), [&](const ArtifactRecord& r) { return r.version == version; });
  if (it == all.end()) throw ModelUnavailable("Model not available: " + model_name + " version " + version);
  auto loaded = load_verified(*it);  // throws before anything changes
  database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    store::Statement demote(connection, "UPDATE model_artifact SET is_promoted = 0 WHERE model_name = ?");
    demote.bind(1, model_name).run();
    store::Statement up(connection,
                        "UPDATE model_artifact SET is_promoted = 1, promoted_at = ? WHERE model_name = ? AND version = ?");
    up.bind(1, time::to_epoch_ms(time::now())).bind(2, model_name).bind(3, version).run();
    if (hooks.in_transaction) hooks.in_transaction(connection);
    transaction.commit();
  });
  if (hooks.checkpoint) hooks.checkpoint("committed");
  std::lock_guard lock(cache_mutex_);
  cache_[model_name] = std::move(loaded);
  spdlog::info("model {} version {} promoted", model_name, version);
}

std::vector<ArtifactRecord> ModelRegistry::query(const std::string& where, const std::string& order,
                                                 const std::optional<std::string>& name) const {
  auto connection = database_.reader();
  store::Statement select(*connection, std::string("SELECT ") + kColumns + " FROM model_artifact WHERE " + where +
                                           " ORDER BY " + order);
  if (name) select.bind(1, *name);
  std::vector<ArtifactRecord> records;
  while (select.step()) records.push_back(read_record(select));
  return records;
}

std::vector<ArtifactRecord> ModelRegistry::promoted() const {
  return query("is_promoted = 1", "model_name", std::nullopt);
}

std::vector<ArtifactRecord> ModelRegistry::versions(const std::string& model_name) const {
  return query("model_name = ?1", "created_at DESC, id DESC", model_name);
}

std::shared_ptr<const LoadedModel> ModelRegistry::load_verified(const ArtifactRecord& record) const {
  const auto path = path_from_uri(record.uri);
  const std::string what = "model " + record.model_name + " version " + record.version;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw ModelError(what + ": model file " + path.string() + " is missing");
  const std::string digest = crypto::sha256_file_hex(path);
  if (digest != record.sidecar.sha256) {
    throw ModelError(what + ": model file " + path.string() + " does not match its recorded sha256 (expected " +
                     record.sidecar.sha256 + ", found " + digest + ")");
  }
  auto booster = Booster::load_file(path);
  if (booster.num_features() != record.sidecar.feature_names.size()) {
    throw ModelError(what + ": model expects " + std::to_string(booster.num_features()) +
                     " features but its sidecar names " + std::to_string(record.sidecar.feature_names.size()));
  }
  return std::make_shared<const LoadedModel>(LoadedModel{record, std::move(booster)});
}

std::shared_ptr<const LoadedModel> ModelRegistry::get(const std::string& model_name) {
  std::lock_guard lock(cache_mutex_);
  if (auto it = cache_.find(model_name); it != cache_.end()) return it->second;
  const auto all = versions(model_name);
  const auto current = std::find_if(all.begin(), all.end(), [](const ArtifactRecord& r) { return r.promoted; });
  if (current == all.end()) throw ModelUnavailable("Model not available: " + model_name);
  try {
    auto loaded = load_verified(*current);
    cache_[model_name] = loaded;
    return loaded;
  } catch (const ModelError& failure) {
    spdlog::error("refusing to serve {}", failure.what());
    // Fall back to the newest earlier version that was once promoted.
    std::vector<ArtifactRecord> earlier;
    for (const auto& record : all) {
      if (!record.promoted && record.promoted_at) earlier.push_back(record);
    }
    std::sort(earlier.begin(), earlier.end(),
              [](const ArtifactRecord& a, const ArtifactRecord& b) { return *a.promoted_at > *b.promoted_at; });
    for (const auto& record : earlier) {
      try {
        auto loaded = load_verified(record);
        spdlog::warn("serving model {} version {} instead", model_name, record.version);
        cache_[model_name] = loaded;
        return loaded;
      } catch (const ModelError& also) {
        spdlog::error("refusing to serve {}", also.what());
      }
    }
    throw ModelUnavailable("Model not available: " + model_name);
  }
}

std::vector<std::string> ModelRegistry::clear_cache() {
  std::lock_guard lock(cache_mutex_);
  std::vector<std::string> uris;
  for (const auto& [name, model] : cache_) uris.push_back(model->record.uri);
  cache_.clear();
  return uris;
}

std::size_t ModelRegistry::cached_count() const {
  std::lock_guard lock(cache_mutex_);
  return cache_.size();
}

}  // namespace aegis::models
