#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /retrain/run (SPEC section 7), GET /retrain/jobs/{job_id}.
void add_retrain_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
