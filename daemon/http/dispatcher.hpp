#pragma once
// Turns one parsed HTTP request into one response: route lookup, API-key
// check, body decoding, the handler, the JSON envelope, CORS, the request
// log line. Independent of sockets, so the server's sessions stay about I/O.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <mutex>
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

  BeastResponse handle(const BeastRequest& request) const;

  // Replaces the API keys (configuration reload).
  void set_api_keys(ApiKeys keys);

  // An enveloped error response for failures found before a request could be
  // dispatched (body too large, malformed HTTP, too many connections).
  static BeastResponse error_response(Status status, const std::string& message, unsigned version = 11);

 private:
  ApiResponse dispatch(const BeastRequest& request) const;
  std::shared_ptr<const ApiKeys> keys() const;
  void add_cors(const BeastRequest& request, BeastResponse& response) const;

  const Router& router_;
  mutable std::mutex keys_mutex_;
  std::shared_ptr<const ApiKeys> keys_;
  std::vector<std::string> cors_origins_;
};

}  // namespace aegis::http
