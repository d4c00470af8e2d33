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
#include "daemon/http/client_address.hpp"
#include "daemon/http/rate_limiter.hpp"
#include "daemon/http/request_metrics.hpp"
#include "daemon/http/request_target.hpp"
#include "daemon/http/router.hpp"
#include "daemon/http/trusted_networks.hpp"

namespace aegis::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

struct DispatcherOptions {
  std::vector<std::string> cors_origins;  // browser origins echoed in CORS answers ("*": any)
  // Records every answer when set (a deferred one too, even after the
  // dispatcher is gone: it is shared).
  std::shared_ptr<RequestMetrics> metrics;
  // Limits every route that needs a scope when set; /health is never limited.
  std::shared_ptr<RateLimiter> rate_limiter;
  // Clients let in without a key while keys are on (auth.trusted_networks).
  TrustedNetworks trusted_networks;
};

class Dispatcher {
 public:
  Dispatcher(const Router& router, ApiKeys keys, DispatcherOptions options = {});

  using Completion = std::function<void(BeastResponse)>;

  // The response, for ordinary routes; nullopt when a deferred route will
  // answer later, from another thread, through `later`. `client_gone`
  // reaches a deferred route as ApiRequest::client_gone. A deferred answer
  // needs nothing of this dispatcher: it may come after it is gone.
  // `client` names the client for the rate limit when it presents no valid
  // API key, and for the trusted networks.
  std::optional<BeastResponse> handle(const BeastRequest& request, Completion later,
                                      std::stop_token client_gone = {}, const ClientAddress& client = {}) const;

  // Replaces the API keys and trusted networks (configuration reload).
  void set_access(ApiKeys keys, TrustedNetworks trusted);

  // An enveloped error response for a request refused before it could be
  // dispatched (body too large, malformed HTTP, too many connections),
  // counted under the method "OTHER" and the route "unread".
  BeastResponse refusal(Status status, const std::string& message) const;

 private:
  // The response, or nullopt when a deferred route will answer through `respond`.
  std::optional<ApiResponse> dispatch(const BeastRequest& request, std::optional<RequestTarget> target,
                                      Router::Match match, const Responder& respond, std::stop_token client_gone,
                                      const ClientAddress& client) const;
  // 401, 403 or 429 when the request may not reach its route.
  std::optional<ApiResponse> refuse_access(const BeastRequest& request, const Route& route,
                                           const ClientAddress& client) const;
  // 429 with Retry-After.
  ApiResponse too_many_requests(std::chrono::milliseconds wait) const;
  // The keys and trusted networks in force, swapped whole on a reload.
  struct AccessRules {
    ApiKeys keys;
    TrustedNetworks trusted;
  };
  std::shared_ptr<const AccessRules> access() const;
  // The request's Origin when the configuration allows it (it is echoed).
  std::optional<std::string> allowed_origin(const BeastRequest& request) const;

  const Router& router_;
  mutable std::mutex access_mutex_;
  std::shared_ptr<const AccessRules> access_;
  std::vector<std::string> cors_origins_;
  std::shared_ptr<RequestMetrics> metrics_;
  std::shared_ptr<RateLimiter> rate_limiter_;
};

}  // namespace aegis::http
