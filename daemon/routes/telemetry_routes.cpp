#include "daemon/routes/telemetry_routes.hpp"

#include <spdlog/spdlog.h>

namespace aegis::routes {
namespace {

constexpr const char* kShuttingDown = "Telemetry intake is shutting down";

http::ApiResponse store_telemetry(gateway::GatewayContext& context, const nlohmann::json& records) {
  const auto outcome = context.intake.from_http(records);
  if (!outcome.stored) throw http::ApiError(http::Status::service_unavailable, kShuttingDown);
  // The store refused the commit (disk full, read-only, locked) after every
  // retry: nothing of this request may count as acknowledged. Sending it again
  // is safe, a reading already stored makes no second row.
  if (outcome.lost > 0) {
    const std::string counts = std::to_string(outcome.lost) + " of " + std::to_string(outcome.accepted) +
                               " accepted records";
    if (outcome.store_problem && outcome.store_problem->disk_full) {
      throw http::ApiError(http::Status::insufficient_storage,
                           "Telemetry could not be stored: the gateway's disk is full (" + counts +
                               "); retry once space is freed");
    }
    if (outcome.store_problem && outcome.store_problem->read_only) {
      throw http::ApiError(http::Status::service_unavailable,
                           "Telemetry could not be stored: the gateway's database is read-only (" + counts +
                               "); retry once it is writable");
    }
    throw http::ApiError(http::Status::service_unavailable,
                         "Telemetry could not be stored (" + counts + "); retry the request");
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

// On a telemetry thread: the answer, whatever happens (a job must not throw).
http::ApiResponse answer(gateway::GatewayContext& context, const nlohmann::json& records) {
  try {
    return store_telemetry(context, records);
  } catch (const http::ApiError& e) {
    return http::ApiResponse::failure(e.status(), e.what());
  } catch (const std::exception& e) {
    spdlog::error("http POST /telemetry: unhandled error: {}", e.what());
    return http::ApiResponse::failure(http::Status::internal_server_error, "Internal server error");
  }
}

// Deferred: the request waits for its commit (and, behind an MQTT backlog,
// for room in the ingest queue) on a telemetry thread, not on an HTTP one,
// so the rest of the API keeps answering meanwhile. A client that hangs up
// does not stop it: what it sent is stored, and sending it again is safe.
void post_telemetry(gateway::GatewayContext& context, http::ApiRequest request, const http::Responder& respond) {
  if (!request.json.is_array()) {
    throw http::ApiError(http::Status::bad_request, "Request body must be a JSON list of telemetry records");
  }
  const std::size_t body_bytes = request.body.size();
  const auto refusal = context.telemetry_worker.submit(
      [&context, records = std::move(request.json), respond](std::stop_token stop) {
        // Stopping: the posts still queued are answered at once (only those
        // being stored finish), so the stop stays short; retrying is safe.
        if (stop.stop_requested()) {
          respond(http::ApiResponse::failure(http::Status::service_unavailable, kShuttingDown));
        } else {
          respond(answer(context, records));
        }
      },
      {}, body_bytes);
  if (refusal == workers::JobWorker::Refusal::stopping) {
    throw http::ApiError(http::Status::service_unavailable, kShuttingDown);
  }
  if (refusal == workers::JobWorker::Refusal::full) {
    auto busy = http::ApiResponse::failure(
        http::Status::service_unavailable,
        "Telemetry intake is busy (too many requests waiting for the store); retry shortly");
    busy.headers["Retry-After"] = "1";
    respond(std::move(busy));
  }
}

}  // namespace

void add_telemetry_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add_deferred(http::Verb::post, "/telemetry", http::Scope::operate,
                      [&context](http::ApiRequest r, const http::Responder& respond) {
                        post_telemetry(context, std::move(r), respond);
                      });
}

}  // namespace aegis::routes
