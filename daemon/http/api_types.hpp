#pragma once
// What a route handler sees and returns. Handlers know nothing of sockets:
// they take an ApiRequest and give an ApiResponse, or throw ApiError for a
// client mistake (which becomes the envelope's error message).
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>

namespace aegis::http {

using Status = boost::beast::http::status;
using Verb = boost::beast::http::verb;

struct ApiRequest {
  Verb method = Verb::get;
  std::string path;
  std::map<std::string, std::string> path_params;  // "{unit_id}" segments of the route pattern
  std::map<std::string, std::string> query;        // decoded query-string parameters
  nlohmann::json json;                             // parsed body of JSON routes (null when empty)
  std::string body;                                // raw body
  std::string content_type;
  // Deferred routes: stop is requested when the client closes its
  // connection before the answer is ready, so the work can be dropped.
  std::stop_token client_gone;

  // The string value of a query parameter, if present.
  std::optional<std::string> query_param(const std::string& name) const;
};

struct ApiResponse {
  Status status = Status::ok;
  nlohmann::json data;          // the envelope's "data" (ignored when error is set)
  std::optional<std::string> error;
  std::map<std::string, std::string> headers;
  // Sent as it is instead of the JSON envelope, for the few answers whose
  // readers expect another format (Prometheus' text exposition).
  std::optional<std::string> plain_body;

  static ApiResponse ok(nlohmann::json data, Status status = Status::ok);
  static ApiResponse text(std::string body, std::string content_type);
  static ApiResponse failure(Status status, std::string message);
  // {"data": ..., "error": null} or {"data": null, "error": "..."}
  nlohmann::json envelope() const;
};

class ApiError : public std::runtime_error {
 public:
  ApiError(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  Status status() const { return status_; }

 private:
  Status status_;
};

}  // namespace aegis::http
