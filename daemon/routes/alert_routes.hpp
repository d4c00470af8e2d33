#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// GET /alerts?product_id=&unit_id=&limit=: alerts raised and cleared by streaming scoring, newest first.
void add_alert_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
