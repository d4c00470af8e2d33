#include "daemon/routes/alert_routes.hpp"

#include "daemon/routes/request_fields.hpp"

namespace aegis::routes {
namespace {

http::ApiResponse list_alerts(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const int limit = integer_query_param(request, "limit", 100, 1, 1000);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& alert : context.alerts.recent(request.query_param("product_id"), request.query_param("unit_id"), limit)) {
    list.push_back(alert.to_json());
  }
  return http::ApiResponse::ok(list);
}

}  // namespace

void add_alert_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::get, "/alerts", http::Scope::read,
             [&context](const http::ApiRequest& r) { return list_alerts(context, r); });
}

}  // namespace aegis::routes
