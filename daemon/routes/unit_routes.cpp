#include "daemon/routes/unit_routes.hpp"

#include "daemon/routes/request_fields.hpp"
#include "engine/telemetry/unit_summary.hpp"

namespace aegis::routes {
namespace {

constexpr int kDefaultRows = 100;
constexpr int kMaxRows = 1000;

nlohmann::json row_json(const profiles::SensorProfile& profile, const telemetry::Reading& reading) {
  nlohmann::json row{{"timestamp", time::format_iso8601(reading.timestamp)}, {"step_index", reading.step_index}};
  if (profile.has_engine_type) row["engine_type"] = reading.engine_type;
  for (std::size_t i = 0; i < profile.sensors.size(); ++i) row[profile.sensors[i]] = reading.values[i];
  const auto& labels = reading.labels;
  if (labels.is_failure) row["is_failure"] = *labels.is_failure;
  if (labels.failure_type) row["failure_type"] = *labels.failure_type;
  if (labels.rul) row["rul"] = *labels.rul;
  return row;
}

// Scores of the last committed readings; null until streaming scoring has
// seen the unit with a promoted model (since the daemon started).
nlohmann::json latest_scores(gateway::GatewayContext& context, const telemetry::UnitKey& unit) {
  const auto scores = context.scorer.latest(unit);
  if (!scores) return nullptr;
  auto optional = [](const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); };
  return {{"failure_probability", optional(scores->failure_probability)},
          {"rul_hours", optional(scores->rul_hours)},
          {"failure_mode", scores->failure_mode ? nlohmann::json(*scores->failure_mode) : nlohmann::json()},
          {"classifier_version", scores->classifier_version},
          {"regressor_version", scores->regressor_version},
          {"reading_at", time::format_iso8601(scores->reading_at)}};
}

http::ApiResponse list_units(gateway::GatewayContext& context) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& unit : telemetry::unit_summaries(context.database, context.profiles)) {
    units.push_back({{"product_id", unit.product_id},
                     {"unit_id", unit.unit_id},
                     {"profile", unit.profile},
                     {"readings", unit.readings},
                     {"first_reading_at", time::format_iso8601(unit.first_reading_at)},
                     {"last_reading_at", time::format_iso8601(unit.last_reading_at)},
                     {"latest_scores", latest_scores(context, {unit.product_id, unit.unit_id})}});
  }
  return http::ApiResponse::ok(units);
}

http::ApiResponse unit_telemetry(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const telemetry::UnitKey unit{request.path_params.at("product_id"), request.path_params.at("unit_id")};
  const int limit = integer_query_param(request, "limit", kDefaultRows, 1, kMaxRows);
  std::optional<time::Millis> before;
  if (const auto text = request.query_param("before")) {
    before = timestamp_query_value(*text);
    if (!before) throw http::ApiError(http::Status::bad_request, "Invalid timestamp format: " + *text);
  }
  const auto& profile = context.profiles.for_product(unit.product_id);
  const auto rows = context.telemetry.recent(profile, unit, before, limit);
  if (rows.empty()) {
    throw http::ApiError(http::Status::not_found,
                         "No telemetry found for product_id=" + unit.product_id + ", unit_id=" + unit.unit_id);
  }
  nlohmann::json list = nlohmann::json::array();
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) list.push_back(row_json(profile, *it));  // newest first
  return http::ApiResponse::ok({{"product_id", unit.product_id},
                                {"unit_id", unit.unit_id},
                                {"profile", profile.name},
                                {"rows", list}});
}

}  // namespace

void add_unit_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::get, "/units", http::Scope::read,
             [&context](const http::ApiRequest&) { return list_units(context); });
  router.add(http::Verb::get, "/units/{product_id}/{unit_id}/telemetry", http::Scope::read,
             [&context](const http::ApiRequest& r) { return unit_telemetry(context, r); });
}

}  // namespace aegis::routes
