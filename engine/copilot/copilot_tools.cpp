#include "engine/copilot/copilot_tools.hpp"

#include "engine/copilot/tool_arguments.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/scoring/recommendations.hpp"
#include "engine/telemetry/unit_summary.hpp"

namespace aegis::copilot {
namespace {

constexpr int kDefaultHorizonSteps = 10;
constexpr int kMaxHorizonSteps = 1000;

// Scoring failures the endpoints report as 404 (the seed's messages).
template <class Work>
auto scoring_call(Work&& work) {
  try {
    return std::forward<Work>(work)();
  } catch (const models::ModelUnavailable& e) {
    throw ToolError(ToolError::Kind::not_found, e.what());
  } catch (const scoring::NoTelemetry& e) {
    throw ToolError(ToolError::Kind::not_found, e.what());
  } catch (const scoring::WrongModelTask& e) {
    // The tools score with the configured models: one of the wrong task is
    // as good as none.
    throw ToolError(ToolError::Kind::not_found, e.what());
  }
}

}  // namespace

nlohmann::json CopilotTools::run(const std::string& name, const nlohmann::json& arguments) {
  const auto& args = argument_object(arguments);
  if (name == tool_names::kPredictFailure) return predict_failure(args);
  if (name == tool_names::kPredictRul) return predict_rul(args);
  if (name == tool_names::kOptimizeSchedule) return optimize_schedule(args);
  if (name == tool_names::kListUnits) return list_units(args);
  if (name == tool_names::kFleetRiskSummary) return fleet_risk_summary(args);
  if (name == tool_names::kOpenMaintenanceJobs) return open_maintenance_jobs(args);
  if (name == tool_names::kMaintenanceHistory) return maintenance_history(args);
  throw ToolError(ToolError::Kind::invalid_arguments, "Unknown tool: " + name);
}

ToolResult CopilotTools::execute(const ToolCall& call) {
  ToolResult outcome{.call_id = call.id, .tool_name = call.name};
  try {
    outcome.result = run(call.name, call.arguments);
    outcome.success = true;
  } catch (const ToolError& e) {
    outcome.error = e.what();
  } catch (const std::exception& e) {
    // A model's call must never take the conversation down; the model is
    // told the tool failed and recommends an inspection.
    outcome.error = std::string("Tool failed: ") + e.what();
  }
  return outcome;
}

nlohmann::json CopilotTools::predict_failure(const nlohmann::json& arguments) {
  const auto unit = unit_argument(arguments);
  const auto result = scoring_call([&] { return deps_.predictor.predict_failure(deps_.classifier, unit, std::nullopt); });
  return {
      {"product_id", unit.product_id},
      {"unit_id", unit.unit_id},
      {"failure_probability", result.failure_probability},
      {"will_fail", result.prediction == 1},
      {"failure_type", result.prediction == 1 ? nlohmann::json(result.failure_type) : nlohmann::json()},  // as the seed
      {"recommendation", scoring::failure_recommendation(result.failure_probability, result.failure_type)},
  };
}

nlohmann::json CopilotTools::predict_rul(const nlohmann::json& arguments) {
  const auto unit = unit_argument(arguments);
  const int horizon = integer_argument(arguments, "horizon_steps", kDefaultHorizonSteps, 1, kMaxHorizonSteps);
  const auto result = scoring_call([&] { return deps_.predictor.forecast(deps_.regressor, unit, horizon, std::nullopt); });
  return {
      {"product_id", unit.product_id},
      {"unit_id", unit.unit_id},
      {"current_rul_hours", result.current_rul_hours},
      {"forecast_horizon_steps", horizon},
      {"critical", result.current_rul_hours < scoring::kCriticalRulHours},
      {"recommendation", scoring::rul_recommendation(result.current_rul_hours)},
  };
}

// The seed's tool answer: the plan in brief (the full plan is stored and
// listed by GET /maintenance/schedule).
nlohmann::json CopilotTools::optimize_schedule(const nlohmann::json& arguments) {
  planning::PlanResult result;
  try {
    result = deps_.planner.plan(planning::plan_request_from_json(arguments, deps_.plan_defaults, time::now()));
  } catch (const planning::InvalidPlanRequest& e) {
    throw ToolError(ToolError::Kind::invalid_arguments, e.what());
  }
  return {
      {"schedule_id", result.schedule_id},
      {"units_scheduled", result.planned.size()},
      {"high_risk_units", result.at_risk},
      {"recommendations", result.recommendations_json()},
      {"unscheduled", result.unscheduled_json()},
  };
}

std::vector<telemetry::UnitKey> CopilotTools::known_units() const {
  std::vector<telemetry::UnitKey> units;
  for (const auto& unit : telemetry::unit_summaries(deps_.database, deps_.profiles)) {
    units.push_back({unit.product_id, unit.unit_id});
  }
  return units;
}

}  // namespace aegis::copilot
