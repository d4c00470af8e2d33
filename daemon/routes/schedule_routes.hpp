#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"
#include "engine/planning/maintenance_planner.hpp"
#include "engine/planning/plan_request_json.hpp"

namespace aegis::routes {

// POST /optimizer/schedule, GET /maintenance/schedule,
// PATCH /maintenance/schedule/{id} (SPEC section 7).
void add_schedule_routes(http::Router& router, gateway::GatewayContext& context);

// Runs the planner on an /optimizer/schedule body (400 naming the field when
// it is invalid); shared with the copilot's optimize_schedule tool.
planning::PlanResult run_plan(gateway::GatewayContext& context, const nlohmann::json& body);

// The scheduler section's defaults for a plan request.
planning::PlanDefaults plan_defaults(const config::Config& config);

}  // namespace aegis::routes
