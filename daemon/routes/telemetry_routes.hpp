#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /telemetry: SPEC section 5 records for sensors that do not speak MQTT.
void add_telemetry_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
