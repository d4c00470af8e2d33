#include <fstream>
#include <iterator>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "engine/imports/import_error.hpp"
#include "engine/imports/model_import.hpp"
#include "engine/imports/import_report.hpp"

namespace aegis::cli {
namespace {

std::string read_model_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw imports::ImportError("cannot read model file " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int import_model_command(const ImportModelArguments& args) {
  auto config = load_config_or_report(args.config_path);
  if (!config) return kExitUsage;
  return run_printing_json("model import", [&] {
    imports::ModelImportRequest request;
    request.model_name = args.name;
    request.task = args.task;
    request.profile = args.profile;
    if (!args.features.empty()) request.feature_names = imports::parse_feature_list(args.features);
    request.promote = args.promote;
    request.origin = "model file " + args.model;
    const std::string bytes = read_model_bytes(args.model);

    store::Database database({.path = config->database_path()});
    models::ModelRegistry registry(database, config->artifact_dir());
    const profiles::ProfileCatalog catalog;
    return imports::describe(imports::import_model(registry, catalog, bytes, request));
  });
}

}  // namespace aegis::cli
