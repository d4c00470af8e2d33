#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /copilot/chat (answered from a copilot worker, off the HTTP threads)
// and DELETE /copilot/session/{session_id} (SPEC sections 7 and 8).
void add_copilot_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
