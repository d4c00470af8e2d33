#include "daemon/routes/copilot_tool_routes.hpp"

#include "daemon/routes/request_fields.hpp"

namespace aegis::routes {
namespace {

// The endpoints run the copilot's tool layer itself, so a tool answers the
// same over REST as to a model.
http::ApiResponse run_tool(gateway::GatewayContext& context, const char* name, const http::ApiRequest& request) {
  try {
    return http::ApiResponse::ok(context.copilot.tools.run(name, object_body(request.json)));
  } catch (const copilot::ToolError& e) {
    throw http::ApiError(
        e.kind() == copilot::ToolError::Kind::not_found ? http::Status::not_found : http::Status::bad_request, e.what());
  }
}

}  // namespace

void add_copilot_tool_routes(http::Router& router, gateway::GatewayContext& context) {
  namespace names = copilot::tool_names;
  router.add(http::Verb::post, "/copilot/tools/predict_failure", http::Scope::read,
             [&context](const http::ApiRequest& r) { return run_tool(context, names::kPredictFailure, r); });
  router.add(http::Verb::post, "/copilot/tools/predict_rul", http::Scope::read,
             [&context](const http::ApiRequest& r) { return run_tool(context, names::kPredictRul, r); });
  // It stores the jobs it plans.
  router.add(http::Verb::post, "/copilot/tools/optimize_schedule", http::Scope::operate,
             [&context](const http::ApiRequest& r) { return run_tool(context, names::kOptimizeSchedule, r); });
  router.add(http::Verb::post, "/copilot/tools/list_units", http::Scope::read,
             [&context](const http::ApiRequest& r) { return run_tool(context, names::kListUnits, r); });
  router.add(http::Verb::post, "/copilot/tools/fleet_risk_summary", http::Scope::read,
             [&context](const http::ApiRequest& r) { return run_tool(context, names::kFleetRiskSummary, r); });
  router.add(http::Verb::post, "/copilot/tools/list_open_maintenance_jobs", http::Scope::read,
             [&context](const http::ApiRequest& r) { return run_tool(context, names::kOpenMaintenanceJobs, r); });
}

}  // namespace aegis::routes
