#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /copilot/tools/predict_failure and /copilot/tools/predict_rul: the
// copilot's tools as plain endpoints, on the default models.
void add_copilot_tool_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
