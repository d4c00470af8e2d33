#pragma once
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/router.hpp"

namespace aegis::routes {

// POST /models/import (admin): an XGBoost model file trained elsewhere as the
// body (application/octet-stream, or application/json for a JSON model), the
// other fields as query parameters: name, task, profile (ai4i), features
// (comma-separated), promote (true/false).
void add_model_import_routes(http::Router& router, gateway::GatewayContext& context);

}  // namespace aegis::routes
