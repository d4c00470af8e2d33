#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// GET /metrics: the gateway's counters and gauges in Prometheus' text
// format, for a scraper (read scope when API keys are configured).
void add_metrics_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
