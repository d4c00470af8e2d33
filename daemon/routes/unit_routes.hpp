#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// GET /units and GET /units/{product_id}/{unit_id}/telemetry?limit=&before=
void add_unit_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
