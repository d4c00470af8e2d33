#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// GET /health: the seed's fields plus gateway facts; 503 when the database
// cannot be read.
void add_health_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
