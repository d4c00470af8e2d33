#include "daemon/routes/model_routes.hpp"

namespace aegis::routes {
namespace {

nlohmann::json describe(const models::ArtifactRecord& record) {
  return {{"model_name", record.model_name},
          {"version", record.version},
          {"path", record.uri},
          {"metadata", record.sidecar.to_json()},
          {"metrics", record.sidecar.metrics},
          {"promoted_at", record.promoted_at ? nlohmann::json(*record.promoted_at) : nlohmann::json()}};
}

}  // namespace

void add_model_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::get, "/models", http::Scope::read, [&context](const http::ApiRequest&) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& record : context.registry.promoted()) list.push_back(describe(record));
    return http::ApiResponse::ok(list);
  });
  router.add(http::Verb::post, "/models/reload", http::Scope::admin, [&context](const http::ApiRequest&) {
    const auto before = context.registry.clear_cache();
    return http::ApiResponse::ok({{"message", "Model cache cleared"},
                                  {"cached_models_before", before},
                                  {"cache_size_after", context.registry.cached_count()}});
  });
}

}  // namespace aegis::routes
