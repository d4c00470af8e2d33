#include "daemon/http/api_types.hpp"

namespace aegis::http {

std::optional<std::string> ApiRequest::query_param(const std::string& name) const {
  if (auto it = query.find(name); it != query.end()) return it->second;
  return std::nullopt;
}

ApiResponse ApiResponse::ok(nlohmann::json data, Status status) {
  ApiResponse response;
  response.status = status;
  response.data = std::move(data);
  return response;
}

ApiResponse ApiResponse::text(std::string body, std::string content_type) {
  ApiResponse response;
  response.plain_body = std::move(body);
  response.headers["Content-Type"] = std::move(content_type);
  return response;
}

ApiResponse ApiResponse::failure(Status status, std::string message) {
  ApiResponse response;
  response.status = status;
  response.error = std::move(message);
  return response;
}

nlohmann::json ApiResponse::envelope() const {
  if (error) return {{"data", nullptr}, {"error", *error}};
  return {{"data", data}, {"error", nullptr}};
}

}  // namespace aegis::http
