#include "daemon/routes/telemetry_routes.hpp"

namespace aegis::routes {
namespace {

http::ApiResponse post_telemetry(gateway::GatewayContext& context, const http::ApiRequest& request) {
  if (!request.json.is_array()) {
    throw http::ApiError(http::Status::bad_request, "Request body must be a JSON list of telemetry records");
  }
  const auto outcome = context.intake.from_http(request.json);
  if (!outcome.stored) throw http::ApiError(http::Status::service_unavailable, "Telemetry intake is shutting down");
  // The store refused the commit (disk full, read-only, locked) after every
  // retry: nothing of this request may count as acknowledged. Sending it again
  // is safe, a reading already stored makes no second row.
  if (outcome.lost > 0) {
    throw http::ApiError(http::Status::service_unavailable,
                         "Telemetry could not be stored (" + std::to_string(outcome.lost) + " of " +
                             std::to_string(outcome.accepted) + " accepted records); retry the request");
  }
  nlohmann::json rejections = nlohmann::json::array();
  for (const auto& rejected : outcome.rejected) {
    rejections.push_back({{"index", rejected.index ? nlohmann::json(*rejected.index) : nlohmann::json()},
                          {"reason", rejected.reason}});
  }
  // A reading for a timestamp the unit already has is not stored again (the
  // first one stands): said, so that a "correction" is not taken as stored.
  return http::ApiResponse::ok({{"accepted", outcome.accepted},
                                {"duplicates", outcome.duplicates},
                                {"rejected", outcome.rejected.size()},
                                {"rejections", rejections}});
}

}  // namespace

void add_telemetry_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::post, "/telemetry", http::Scope::operate,
             [&context](const http::ApiRequest& r) { return post_telemetry(context, r); });
}

}  // namespace aegis::routes
