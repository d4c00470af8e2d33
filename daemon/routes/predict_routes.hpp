#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /predict/classification, POST /predict/forecast (SPEC section 7).
void add_predict_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
