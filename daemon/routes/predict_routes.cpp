#include "daemon/routes/predict_routes.hpp"

#include "daemon/routes/request_fields.hpp"
#include "daemon/routes/scoring_errors.hpp"
#include "engine/scoring/recommendations.hpp"

namespace aegis::routes {
namespace {

http::ApiResponse classification(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& body = required_body(request.json);
  const auto model_name = text_field(body, "model_name");
  const auto product_id = text_field(body, "product_id");
  const auto unit_id = text_field(body, "unit_id");
  if (!model_name || !product_id || !unit_id) {
    throw http::ApiError(http::Status::bad_request, "Missing required fields: model_name, product_id, unit_id");
  }
  const auto before = timestamp_field(body, "timestamp_before");
  const auto explicit_features = feature_map_field(body, "features");

  scoring::FailurePrediction result;
  nlohmann::json inputs_used;
  with_scoring_errors([&] {
    if (explicit_features) {
      result = context.predictor.predict_failure(*model_name, *explicit_features);
      inputs_used = {{"source", "explicit_features"},
                     {"features", *explicit_features},
                     {"ignored_features", result.ignored_features}};
    } else {
      // The seed reported the time it read up to: now, when not given.
      const auto read_until = before.value_or(time::now());
      result = context.predictor.predict_failure(*model_name, {*product_id, *unit_id}, before);
      inputs_used = {{"source", "telemetry"},
                     {"product_id", *product_id},
                     {"unit_id", *unit_id},
                     {"timestamp_before", time::format_iso8601(read_until)},
                     {"rows_used", result.rows_used}};
    }
  });
  return http::ApiResponse::ok({
      {"prediction", result.prediction},
      // null when no failure is predicted, as in the seed.
      {"failure_type", result.prediction == 1 ? nlohmann::json(result.failure_type) : nlohmann::json()},
      {"probabilities", {{"no_failure", 1.0 - result.failure_probability}, {"failure", result.failure_probability}}},
      {"model_name", result.model_name},
      {"model_version", result.model_version},
      {"inputs_used", inputs_used},
      {"fallback_recommendation", scoring::failure_recommendation(result.failure_probability, result.failure_type)},
  });
}

http::ApiResponse forecast(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& body = required_body(request.json);
  const auto product_id = text_field(body, "product_id");
  const auto unit_id = text_field(body, "unit_id");
  if (!product_id || !unit_id) {
    throw http::ApiError(http::Status::bad_request, "Missing required fields: product_id, unit_id");
  }
  const std::string model_name = text_field(body, "model_name").value_or(context.config.models.regressor);
  const int horizon = integer_field(body, "horizon_steps", 10, 1, 1000);
  const auto before = timestamp_field(body, "timestamp_before");

  scoring::RulForecast result;
  with_scoring_errors([&] { result = context.predictor.forecast(model_name, {*product_id, *unit_id}, horizon, before); });
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : result.steps) {
    steps.push_back({{"step", step.step},
                     {"timestamp", time::format_iso8601(step.timestamp)},
                     {"predicted_rul_hours", step.predicted_rul_hours},
                     {"lower_bound_hours", step.lower_bound_hours},
                     {"upper_bound_hours", step.upper_bound_hours},
                     {"confidence", step.confidence},
                     {"confidence_score", step.confidence_score}});
  }
  return http::ApiResponse::ok({
      {"product_id", *product_id},
      {"unit_id", *unit_id},
      {"current_rul_hours", result.current_rul_hours},
      {"lower_bound_hours", result.lower_bound_hours},
      {"upper_bound_hours", result.upper_bound_hours},
      {"interval_level", result.interval_level},
      {"forecast_horizon_steps", horizon},
      {"forecast", steps},
      {"model_name", result.model_name},
      {"model_version", result.model_version},
      {"baseline_timestamp", time::format_iso8601(result.baseline_timestamp)},
      {"telemetry_rows_used", result.rows_used},
  });
}

}  // namespace

void add_predict_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::post, "/predict/classification", http::Scope::read,
             [&context](const http::ApiRequest& r) { return classification(context, r); });
  router.add(http::Verb::post, "/predict/forecast", http::Scope::read,
             [&context](const http::ApiRequest& r) { return forecast(context, r); });
}

}  // namespace aegis::routes
