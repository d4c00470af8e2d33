#include "daemon/routes/health_routes.hpp"

#include <filesystem>

namespace aegis::routes {
namespace {

std::string artifact_dir_status(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "error: model artifact directory " + dir + " is missing";
  return "ok";
}

nlohmann::json ingest_facts(gateway::GatewayContext& context) {
  const auto stats = context.pipeline.stats();
  const auto intake = context.intake.counters();
  return {{"received", stats.received},         {"committed_rows", stats.committed_rows},
          {"duplicates", stats.duplicates},     {"seq_gaps", stats.seq_gaps},
          {"rejected", intake.rejected_records}, {"dropped", stats.dropped_rows},
          {"queue_depth", stats.queue_depth}};
}

http::ApiResponse health(gateway::GatewayContext& context) {
  const std::string database = context.database.check();
  const std::string models = artifact_dir_status(context.config.artifact_dir());
  const bool healthy = database == "ok";
  const auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - context.started_at).count();
  nlohmann::json data{
      {"status", healthy ? "healthy" : "unhealthy"},
      {"database", database},
      {"models", models},
      {"cached_models_count", context.registry.cached_count()},
      {"mqtt", context.mqtt.state()},
      {"upstream", context.config.upstream.manifest_url.empty() ? "disabled" : "idle"},
      {"version", context.version},
      {"uptime_seconds", uptime},
      {"ingest", ingest_facts(context)},
  };
  // The body is the same either way: a load balancer reads the status, a
  // technician reads the fields.
  return http::ApiResponse::ok(std::move(data), healthy ? http::Status::ok : http::Status::service_unavailable);
}

}  // namespace

void add_health_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::get, "/health", http::Scope::none, [&context](const http::ApiRequest&) { return health(context); });
}

}  // namespace aegis::routes
