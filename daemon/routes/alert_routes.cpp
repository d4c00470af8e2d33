#include "daemon/routes/alert_routes.hpp"

#include <charconv>

namespace aegis::routes {
namespace {

http::ApiResponse list_alerts(gateway::GatewayContext& context, const http::ApiRequest& request) {
  int limit = 100;
  if (const auto text = request.query_param("limit")) {
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (error != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 1000) {
      throw http::ApiError(http::Status::bad_request, "limit must be an integer between 1 and 1000");
    }
  }
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
