#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// GET /models, POST /models/reload (SPEC section 7).
void add_model_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
