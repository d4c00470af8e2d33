#pragma once
// Turns one parsed HTTP request into one response: route lookup, API-key
// check, body decoding, the handler, the JSON envelope, CORS, the request
// log line. Independent of sockets, so the server's sessions stay about I/O.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "daemon/http/api_keys.hpp"
#include "daemon/http/router.hpp"

namespace aegis::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

class Dispatcher {
 public:
  Dispatcher(const Router& router, ApiKeys keys, std::vector<std::string> cors_origins);

  using Completion = std::function<void(BeastResponse)>;

  // Calls `done` once with the response: at once for ordinary routes, later
  // and from another thread for deferred ones. `client_gone` reaches a
  // deferred route as ApiRequest::client_gone.
  void handle(const BeastRequest& request, Completion done, std::stop_token client_gone = {}) const;

  // Replaces the API keys (configuration reload).
  void set_api_keys(ApiKeys keys);

  // An enveloped error response for failures found before a request could be
  // dispatched (body too large, malformed HTTP, too many connections).
  static BeastResponse error_response(Status status, const std::string& message, unsigned version = 11);

 private:
  // The response, or nullopt when a deferred route will answer through `respond`.
  std::optional<ApiResponse> dispatch(const BeastRequest& request, const Responder& respond,
                                      std::stop_token client_gone) const;
  std::shared_ptr<const ApiKeys> keys() const;
  void add_cors(const std::optional<std::string>& origin, BeastResponse& response) const;

  const Router& router_;
  mutable std::mutex keys_mutex_;
  std::shared_ptr<const ApiKeys> keys_;
  std::vector<std::string> cors_origins_;
};

}  // namespace aegis::http
