#include "daemon/routes/model_version_routes.hpp"

#include "daemon/routes/request_fields.hpp"
#include "engine/retraining/model_rollback.hpp"

namespace aegis::routes {
namespace {

nlohmann::json version_json(const models::ArtifactRecord& record) {
  const auto& sidecar = record.sidecar;
  return {{"model_name", record.model_name},
          {"version", record.version},
          {"path", record.uri},
          {"promoted", record.promoted},
          {"created_at", record.created_at},
          {"promoted_at", record.promoted_at ? nlohmann::json(*record.promoted_at) : nlohmann::json()},
          {"metrics", sidecar.metrics},
          {"training_rows", sidecar.training_rows},
          {"trained_through", sidecar.trained_through.empty() ? nlohmann::json() : nlohmann::json(sidecar.trained_through)},
          {"incremental", sidecar.params.value("incremental", false)}};
}

http::ApiResponse versions(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& name = request.path_params.at("model_name");
  const auto all = context.registry.versions(name);
  if (all.empty()) throw http::ApiError(http::Status::not_found, "Model not available: " + name);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& record : all) list.push_back(version_json(record));
  return http::ApiResponse::ok(list);
}

http::ApiResponse rollback(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& name = request.path_params.at("model_name");
  const auto& body = object_body(request.json);
  try {
    const auto done = retraining::roll_back(context.registry, name, text_field(body, "version"));
    return http::ApiResponse::ok({{"model_name", done.model_name},
                                  {"version", done.version},
                                  {"previous_version", done.replaced_version.empty() ? nlohmann::json()
                                                                                     : nlohmann::json(done.replaced_version)},
                                  {"path", done.uri}});
  } catch (const models::ModelUnavailable& e) {
    throw http::ApiError(http::Status::not_found, e.what());
  } catch (const retraining::RollbackImpossible& e) {
    throw http::ApiError(http::Status::conflict, e.what());
  } catch (const models::ModelError& e) {
    // The target does not verify (file missing or altered): nothing changed.
    throw http::ApiError(http::Status::conflict, e.what());
  }
}

}  // namespace

void add_model_version_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::get, "/models/{model_name}/versions", http::Scope::read,
             [&context](const http::ApiRequest& request) { return versions(context, request); });
  router.add(http::Verb::post, "/models/{model_name}/rollback", http::Scope::admin,
             [&context](const http::ApiRequest& request) { return rollback(context, request); });
}

}  // namespace aegis::routes
