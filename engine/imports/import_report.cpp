#include "engine/imports/import_report.hpp"

namespace aegis::imports {

nlohmann::json describe(const ModelImportResult& result) {
  const auto& record = result.record;
  return {{"model_name", record.model_name},
          {"version", record.version},
          {"task", record.sidecar.task},
          {"profile", record.sidecar.profile},
          {"feature_set", record.sidecar.feature_set},
          {"feature_count", record.sidecar.feature_names.size()},
          {"features_from", result.features_from},
          {"path", record.uri},
          {"sha256", record.sidecar.sha256},
          {"source_sha256", result.source_sha256},
          {"source_format", result.source_format},
          {"objective", result.objective},
          {"promoted", record.promoted},
          {"smoke_output", result.smoke_output}};
}

nlohmann::json describe(const TelemetryImportResult& result) {
  nlohmann::json rejections = nlohmann::json::array();
  for (const auto& problem : result.problems) rejections.push_back({{"where", problem.where}, {"reason", problem.reason}});
  return {{"rows_read", result.rows_read}, {"imported", result.imported},
          {"already_present", result.already_present}, {"rejected", result.rejected},
          {"units", result.units}, {"rejections", rejections}};
}

}  // namespace aegis::imports
