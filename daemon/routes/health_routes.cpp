#include "daemon/routes/health_routes.hpp"

#include <filesystem>

namespace aegis::routes {
namespace {

std::string artifact_dir_status(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return "error: model artifact directory " + dir + " is missing";
  return "ok";
}

// Units whose readings went missing (seq gaps) within the configured time.
nlohmann::json recent_gaps(gateway::GatewayContext& context) {
  nlohmann::json list = nlohmann::json::array();
  const auto window = context.config.ingest.seq_gap_degraded_s;
  if (window <= 0) return list;
  for (const auto& gap : context.pipeline.seq_gaps_since(time::now() - std::chrono::seconds(window))) {
    list.push_back({{"product_id", gap.unit.product_id},
                    {"unit_id", gap.unit.unit_id},
                    {"missing", gap.missing},
                    {"last_missing", std::to_string(gap.last_first) + ".." + std::to_string(gap.last_last)},
                    {"last_seen_at", time::format_iso8601(gap.last_at)}});
  }
  return list;
}

nlohmann::json ingest_facts(gateway::GatewayContext& context, const nlohmann::json& gaps) {
  const auto stats = context.pipeline.stats();
  const auto intake = context.intake.counters();
  return {{"received", stats.received},         {"committed_rows", stats.committed_rows},
          {"duplicates", stats.duplicates},     {"seq_gaps", stats.seq_gaps},
          {"rejected", intake.rejected_records}, {"dropped", stats.dropped_rows},
          {"queue_depth", stats.queue_depth},    {"recent_seq_gaps", gaps}};
}

// "ok", or why nothing can be stored now: telemetry waits (MQTT) or is
// refused (POST /telemetry) until the store writes again.
std::string store_status(gateway::GatewayContext& context) {
  if (const auto problem = context.pipeline.store_problem()) {
    const std::string kind = problem->disk_full   ? "disk full"
                             : problem->read_only ? "database read-only"
                                                  : "commits failing";
    return "error: " + kind + " since " + time::format_iso8601(problem->since) + ": " + problem->error;
  }
  if (!context.database.writable()) return "error: database read-only (the file or its folder is not writable)";
  // MQTT messages then wait at the broker: nothing is lost, nothing comes in.
  if (const auto blocked = context.journal ? context.journal->blocked() : std::nullopt) {
    return "error: intake journal cannot take messages: " + *blocked;
  }
  return "ok";
}

http::ApiResponse health(gateway::GatewayContext& context) {
  const std::string database = context.database.check();
  const std::string models = artifact_dir_status(context.config.artifact_dir());
  const std::string store = store_status(context);
  const auto gaps = recent_gaps(context);
  const bool healthy = database == "ok";
  // Readable but not writable, or readings lately lost on their way: still
  // serving, so not a reason to restart it, but a reason to look.
  const char* status = !healthy ? "unhealthy" : store != "ok" || !gaps.empty() ? "degraded" : "healthy";
  const auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - context.started_at).count();
  nlohmann::json data{
      {"status", status},
      {"database", database},
      {"store", store},
      {"models", models},
      {"cached_models_count", context.registry.cached_count()},
      {"mqtt", context.mqtt.state()},
      {"upstream", context.config.upstream.manifest_url.empty() ? "disabled" : "idle"},
      {"version", context.version},
      {"uptime_seconds", uptime},
      {"ingest", ingest_facts(context, gaps)},
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
