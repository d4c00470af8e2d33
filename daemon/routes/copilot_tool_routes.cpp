#include "daemon/routes/copilot_tool_routes.hpp"

#include "daemon/routes/request_fields.hpp"

namespace aegis::routes {
namespace {

// Whether a tool's endpoint needs a body: the seed's tools (and the unit
// history) name a unit; the fleet tools take optional filters.
enum class Body { required, optional };

// The endpoints run the copilot's tool layer itself, so a tool answers the
// same over REST as to a model.
http::ApiResponse run_tool(gateway::GatewayContext& context, const char* name, Body body,
                           const http::ApiRequest& request) {
  try {
    const auto& arguments = body == Body::required ? required_body(request.json) : object_body(request.json);
    return http::ApiResponse::ok(context.copilot.tools.run(name, arguments));
  } catch (const copilot::ToolError& e) {
    throw http::ApiError(
        e.kind() == copilot::ToolError::Kind::not_found ? http::Status::not_found : http::Status::bad_request, e.what());
  }
}

}  // namespace

void add_copilot_tool_routes(http::Router& router, gateway::GatewayContext& context) {
  namespace names = copilot::tool_names;
  auto tool = [&](const char* name, http::Scope scope, Body body) {
    router.add(http::Verb::post, std::string("/copilot/tools/") + name, scope,
               [&context, name, body](const http::ApiRequest& r) { return run_tool(context, name, body, r); });
  };
  tool(names::kPredictFailure, http::Scope::read, Body::required);
  tool(names::kPredictRul, http::Scope::read, Body::required);
  tool(names::kOptimizeSchedule, http::Scope::operate, Body::required);  // it stores the jobs it plans
  tool(names::kListUnits, http::Scope::read, Body::optional);
  tool(names::kFleetRiskSummary, http::Scope::read, Body::optional);
  tool(names::kOpenMaintenanceJobs, http::Scope::read, Body::optional);
  tool(names::kMaintenanceHistory, http::Scope::read, Body::required);
}

}  // namespace aegis::routes
