#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /copilot/tools/{name}: each of the copilot's tools as a plain
// endpoint, on the default models (predict_failure, predict_rul,
// optimize_schedule as the seed has them, and the read-only fleet tools).
void add_copilot_tool_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
