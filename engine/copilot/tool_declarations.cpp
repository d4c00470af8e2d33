#include "engine/copilot/copilot_tools.hpp"

namespace aegis::copilot {
namespace {

nlohmann::json text_property(const char* description) { return {{"type", "string"}, {"description", description}}; }

nlohmann::json unit_parameters(bool with_horizon) {
  nlohmann::json properties{
      {"product_id", text_property("Product identifier, for example L47181")},
      {"unit_id", text_property("Unit identifier, for example UNIT_202")},
  };
  if (with_horizon) {
    properties["horizon_steps"] = {{"type", "integer"},
                                   {"description", "Forecast steps of one hour each (1-1000, default 10)"}};
  }
  return {{"type", "object"}, {"properties", properties}, {"required", {"product_id", "unit_id"}}};
}

nlohmann::json optimize_parameters() {
  const nlohmann::json unit{{"type", "object"},
                            {"properties",
                             {{"product_id", text_property("Product identifier")},
                              {"unit_id", text_property("Unit identifier")}}},
                            {"required", {"product_id", "unit_id"}}};
  auto number = [](const char* type, const char* description) {
    return nlohmann::json{{"type", type}, {"description", description}};
  };
  return {{"type", "object"},
          {"properties",
           {{"unit_list", {{"type", "array"}, {"description", "Units to evaluate and schedule"}, {"items", unit}}},
            {"risk_threshold", number("number", "Failure probability at or above which a unit is at risk (default 0.7)")},
            {"rul_threshold", number("number", "Remaining useful life in hours at or below which a unit is at risk (default 24)")},
            {"horizon_days", number("integer", "Days ahead to plan in (default 7)")},
            {"teams_available", number("integer", "Technician teams per shift (default 2)")},
            {"hours_per_day", number("integer", "Shift length in hours (default 8)")}}},
          {"required", nlohmann::json::array({"unit_list"})}};
}

}  // namespace

const std::vector<ToolDeclaration>& CopilotTools::declarations() {
  static const std::vector<ToolDeclaration> all{
      {tool_names::kPredictFailure,
       "Predict the failure probability and the most likely failure type of a unit from its latest telemetry.",
       unit_parameters(false)},
      {tool_names::kPredictRul, "Forecast the remaining useful life (RUL, hours) of a unit from its latest telemetry.",
       unit_parameters(true)},
      {tool_names::kOptimizeSchedule,
       "Score the listed units and schedule maintenance for those at risk; stores the planned jobs as PENDING.",
       optimize_parameters()},
      {tool_names::kListUnits,
       "List the units reporting telemetry with their latest streaming risk scores (null until scored).",
       {{"type", "object"}, {"properties", {{"product_id", text_property("Only this product (optional)")}}}}},
      {tool_names::kFleetRiskSummary,
       "Count the fleet's units by latest risk: at risk, not at risk, not scored yet; names the units at risk.",
       {{"type", "object"}, {"properties", {{"product_id", text_property("Only this product (optional)")}}}}},
      {tool_names::kOpenMaintenanceJobs,
       "List maintenance jobs still PENDING or IN_PROGRESS, ordered by start.",
       {{"type", "object"},
        {"properties",
         {{"product_id", text_property("Only this product (optional)")},
          {"unit_id", text_property("Only this unit (optional)")},
          {"within_days",
           {{"type", "integer"},
            {"description", "Only jobs starting within this many days from now, overdue ones included (optional)"}}}}}}},
      {tool_names::kMaintenanceHistory,
       "List a unit's maintenance jobs of every status (newest first, at most 20), with their reasons and notes.",
       unit_parameters(false)},
  };
  return all;
}

}  // namespace aegis::copilot
