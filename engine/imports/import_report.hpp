#pragma once
// The JSON an import answers with, the same from the command line and the API.
#include <nlohmann/json.hpp>

#include "engine/imports/model_import.hpp"
#include "engine/imports/telemetry_import.hpp"

namespace aegis::imports {

// {model_name, version, task, profile, feature_set, feature_count,
//  features_from, path, sha256, source_sha256, source_format, objective,
//  promoted, smoke_output}
nlohmann::json describe(const ModelImportResult& result);

// {rows_read, imported, already_present, rejected, units, rejections: [{where, reason}]}
nlohmann::json describe(const TelemetryImportResult& result);

}  // namespace aegis::imports
