#include "daemon/routes/copilot_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "daemon/routes/request_fields.hpp"
#include "engine/copilot/model_client.hpp"

namespace aegis::routes {
namespace {

constexpr std::size_t kMaxSessionIdLength = 128;
constexpr std::size_t kMaxMessages = 200;

[[noreturn]] void bad_request(const std::string& message) { throw http::ApiError(http::Status::bad_request, message); }

bool valid_session_id(const std::string& id) {
  if (id.empty() || id.size() > kMaxSessionIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

copilot::ChatRequest chat_request(const nlohmann::json& body) {
  copilot::ChatRequest request;
  const auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array() || messages->empty() || messages->size() > kMaxMessages) {
    bad_request("messages is required and must be a non-empty list of at most " + std::to_string(kMaxMessages));
  }
  for (const auto& message : *messages) {
    const bool valid = message.is_object() && message.contains("role") && message["role"].is_string() &&
                       (message["role"] == "user" || message["role"] == "assistant") && message.contains("content") &&
                       message["content"].is_string();
    if (!valid) bad_request("Each message must have role \"user\" or \"assistant\" and a string content");
    request.messages.push_back({message["role"].get<std::string>(), message["content"].get<std::string>()});
  }
  if (request.messages.back().role != "user") bad_request("The last message must have role \"user\"");
  if (const auto context = body.find("context"); context != body.end() && !context->is_null()) {
    if (!context->is_object()) bad_request("context must be an object");
    request.context.product_id = text_field(*context, "product_id");
    request.context.unit_id = text_field(*context, "unit_id");
  }
  if (const auto session = text_field(body, "session_id")) {
    if (!valid_session_id(*session)) {
      bad_request("session_id must be 1 to " + std::to_string(kMaxSessionIdLength) +
                  " letters, digits, '-' or '_'");
    }
    request.session_id = session;
  }
  return request;
}

http::Status status_of(copilot::ProviderError::Kind kind) {
  switch (kind) {
    case copilot::ProviderError::Kind::not_configured: return http::Status::service_unavailable;
    case copilot::ProviderError::Kind::upstream: return http::Status::bad_gateway;
    // An upstream that does not answer in time is an upstream error (SPEC
    // section 7 lists no 504); the message says it timed out.
    case copilot::ProviderError::Kind::timeout: return http::Status::bad_gateway;
    case copilot::ProviderError::Kind::stopping: return http::Status::service_unavailable;
  }
  return http::Status::bad_gateway;
}

// Runs on a copilot worker; every failure becomes an envelope.
http::ApiResponse answer(gateway::GatewayContext& context, const copilot::ChatRequest& request, std::stop_token stop,
                         const std::stop_token& client_gone) {
  try {
    const auto started = std::chrono::steady_clock::now();
    const auto outcome = context.copilot.service.chat(request, std::move(stop));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    nlohmann::json calls = nlohmann::json::array(), results = nlohmann::json::array();
    for (const auto& call : outcome.reply.tool_calls) calls.push_back(call.to_json());
    for (const auto& result : outcome.reply.tool_results) results.push_back(result.to_json());
    return http::ApiResponse::ok({{"reply", outcome.reply.reply},
                                  {"tool_calls", calls},
                                  {"tool_results", results},
                                  {"session_id", outcome.session_id},
                                  {"provider", outcome.reply.provider},
                                  // The seed's own fields, for its clients.
                                  {"intermediate_steps", outcome.reply.intermediate_steps()},
                                  {"execution_time_seconds", took.count()},
                                  {"timestamp", time::format_iso8601(time::now())}});
  } catch (const copilot::ProviderError& e) {
    if (e.kind() == copilot::ProviderError::Kind::stopping && client_gone.stop_requested()) {
      // Nobody reads this answer; the log says why the question ended.
      spdlog::info("copilot: the client hung up; its question was cancelled");
      return http::ApiResponse::failure(http::Status::service_unavailable, "The client closed the connection");
    }
    spdlog::warn("copilot: {}", e.what());
    return http::ApiResponse::failure(status_of(e.kind()), e.what());
  } catch (const std::exception& e) {
    spdlog::error("copilot: unhandled error: {}", e.what());
    return http::ApiResponse::failure(http::Status::internal_server_error, "Internal server error");
  }
}

void chat(gateway::GatewayContext& context, const http::ApiRequest& api, const http::Responder& respond) {
  auto request = chat_request(required_body(api.json));
  try {
    context.copilot.service.check_configured();
  } catch (const copilot::ProviderError& e) {
    throw http::ApiError(status_of(e.kind()), e.what());
  }
  const auto refusal = context.copilot.worker.submit(
      [&context, request = std::move(request), respond, client_gone = api.client_gone](std::stop_token stop) {
        respond(answer(context, request, std::move(stop), client_gone));
      },
      api.client_gone);
  if (refusal != workers::JobWorker::Refusal::none) {
    throw http::ApiError(http::Status::service_unavailable, "The copilot is busy; try again shortly");
  }
}

http::ApiResponse clear_session(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& id = request.path_params.at("session_id");
  if (!valid_session_id(id)) {
    bad_request("session_id must be 1 to " + std::to_string(kMaxSessionIdLength) + " letters, digits, '-' or '_'");
  }
  context.copilot.sessions.clear(id);
  return http::ApiResponse::ok({{"session_id", id}, {"cleared", true}});
}

}  // namespace

void add_copilot_routes(http::Router& router, gateway::GatewayContext& context) {
  // operate: an answer may schedule maintenance (optimize_schedule stores jobs).
  router.add_deferred(http::Verb::post, "/copilot/chat", http::Scope::operate,
                      [&context](const http::ApiRequest& r, const http::Responder& respond) { chat(context, r, respond); });
  router.add(http::Verb::delete_, "/copilot/session/{session_id}", http::Scope::operate,
             [&context](const http::ApiRequest& r) { return clear_session(context, r); });
}

}  // namespace aegis::routes
