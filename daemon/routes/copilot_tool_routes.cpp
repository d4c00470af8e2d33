#include "daemon/routes/copilot_tool_routes.hpp"

#include "daemon/routes/request_fields.hpp"
#include "daemon/routes/schedule_routes.hpp"
#include "daemon/routes/scoring_errors.hpp"
#include "engine/scoring/recommendations.hpp"

namespace aegis::routes {
namespace {

telemetry::UnitKey required_unit(const nlohmann::json& body) {
  const auto product_id = text_field(body, "product_id");
  const auto unit_id = text_field(body, "unit_id");
  if (!product_id || !unit_id) throw http::ApiError(http::Status::bad_request, "product_id and unit_id are required");
  return {*product_id, *unit_id};
}

http::ApiResponse predict_failure(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto unit = required_unit(object_body(request.json));
  scoring::FailurePrediction result;
  with_scoring_errors([&] { result = context.predictor.predict_failure(context.config.models.classifier, unit, std::nullopt); });
  return http::ApiResponse::ok({
      {"product_id", unit.product_id},
      {"unit_id", unit.unit_id},
      {"failure_probability", result.failure_probability},
      {"will_fail", result.prediction == 1},
      {"failure_type", result.failure_type},
      {"recommendation", scoring::failure_recommendation(result.failure_probability, result.failure_type)},
  });
}

http::ApiResponse predict_rul(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& body = object_body(request.json);
  const auto unit = required_unit(body);
  const int horizon = integer_field(body, "horizon_steps", 10, 1, 1000);
  scoring::RulForecast result;
  with_scoring_errors([&] { result = context.predictor.forecast(context.config.models.regressor, unit, horizon, std::nullopt); });
  return http::ApiResponse::ok({
      {"product_id", unit.product_id},
      {"unit_id", unit.unit_id},
      {"current_rul_hours", result.current_rul_hours},
      {"forecast_horizon_steps", horizon},
      {"critical", result.current_rul_hours < scoring::kCriticalRulHours},
      {"recommendation", scoring::rul_recommendation(result.current_rul_hours)},
  });
}

// The seed's tool answer: the plan in brief (the full plan is stored and
// listed by GET /maintenance/schedule).
http::ApiResponse optimize_schedule(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto result = run_plan(context, object_body(request.json));
  return http::ApiResponse::ok({
      {"schedule_id", result.schedule_id},
      {"units_scheduled", result.planned.size()},
      {"high_risk_units", result.at_risk},
      {"recommendations", result.recommendations_json()},
      {"unscheduled", result.unscheduled_json()},
  });
}

}  // namespace

void add_copilot_tool_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::post, "/copilot/tools/predict_failure", http::Scope::read,
             [&context](const http::ApiRequest& r) { return predict_failure(context, r); });
  router.add(http::Verb::post, "/copilot/tools/predict_rul", http::Scope::read,
             [&context](const http::ApiRequest& r) { return predict_rul(context, r); });
  router.add(http::Verb::post, "/copilot/tools/optimize_schedule", http::Scope::operate,
             [&context](const http::ApiRequest& r) { return optimize_schedule(context, r); });
}

}  // namespace aegis::routes
