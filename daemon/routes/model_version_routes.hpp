#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// GET /models/{model_name}/versions, POST /models/{model_name}/rollback.
void add_model_version_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
