#include "daemon/http/dispatcher.hpp"

#include <boost/beast/http/field.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "engine/common/json_error_text.hpp"

namespace aegis::http {
namespace beast_http = boost::beast::http;
namespace {

const char* kServerName = "aegisd/" AEGIS_VERSION;

std::string presented_key(const BeastRequest& request) {
  if (auto it = request.find("X-API-Key"); it != request.end()) return std::string(it->value());
  if (auto it = request.find(beast_http::field::authorization); it != request.end()) {
    const std::string_view value = it->value();
    if (value.size() > 7 && (value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer ")) {
      return std::string(value.substr(7));
    }
  }
  return {};
}

bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  std::string media(content_type.substr(0, semicolon));
  media.erase(std::remove(media.begin(), media.end(), ' '), media.end());
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  return media == "application/json" || (media.size() > 5 && media.ends_with("+json"));
}

std::string allowed_list(const std::vector<Verb>& verbs) {
  std::string list;
  for (const Verb verb : verbs) list += (list.empty() ? "" : ", ") + std::string(beast_http::to_string(verb));
  return list;
}

BeastResponse to_beast(const ApiResponse& api, unsigned version, bool keep_alive) {
  BeastResponse response{api.status, version};
  response.set(beast_http::field::server, kServerName);
  response.set(beast_http::field::content_type, "application/json");
  for (const auto& [name, value] : api.headers) response.set(name, value);
  response.body() = api.plain_body && !api.error
                        ? *api.plain_body
                        : api.envelope().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

// The methods the API answers label their own series; any other name a
// client sends shares one.
std::string_view method_label(Verb method) {
  switch (method) {
    case Verb::get:
    case Verb::head:
    case Verb::post:
    case Verb::put:
    case Verb::patch:
    case Verb::delete_:
    case Verb::options: return beast_http::to_string(method);
    default: return "OTHER";
  }
}

void set_cors(const std::optional<std::string>& allowed_origin, BeastResponse& response) {
  if (!allowed_origin) return;
  response.set(beast_http::field::access_control_allow_origin, *allowed_origin);
  response.set(beast_http::field::vary, "Origin");
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, ApiKeys keys, DispatcherOptions options)
    : router_(router),
      access_(std::make_shared<const AccessRules>(AccessRules{std::move(keys), std::move(options.trusted_networks)})),
      cors_origins_(std::move(options.cors_origins)),
      metrics_(std::move(options.metrics)),
      rate_limiter_(std::move(options.rate_limiter)) {}

void Dispatcher::set_access(ApiKeys keys, TrustedNetworks trusted) {
  auto replacement = std::make_shared<const AccessRules>(AccessRules{std::move(keys), std::move(trusted)});
  std::lock_guard lock(access_mutex_);
  access_ = std::move(replacement);
}

std::shared_ptr<const Dispatcher::AccessRules> Dispatcher::access() const {
  std::lock_guard lock(access_mutex_);
  return access_;
}

BeastResponse Dispatcher::refusal(Status status, const std::string& message) const {
  if (metrics_) metrics_->record_refusal(static_cast<unsigned>(status));
  return to_beast(ApiResponse::failure(status, message), 11, false);
}

std::optional<BeastResponse> Dispatcher::handle(const BeastRequest& request, Completion later,
                                                std::stop_token client_gone, const ClientAddress& client) const {
  const auto started = std::chrono::steady_clock::now();
  const auto origin = allowed_origin(request);
  if (request.method() == Verb::options && request.find(beast_http::field::origin) != request.end()) {
    // CORS preflight: answered here for every route.
    BeastResponse response{Status::no_content, request.version()};
    response.set(beast_http::field::server, kServerName);
    response.set(beast_http::field::access_control_allow_methods, "GET, POST, PATCH, DELETE, OPTIONS");
    response.set(beast_http::field::access_control_allow_headers, "Content-Type, Authorization, X-API-Key");
    response.set(beast_http::field::access_control_max_age, "600");
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    set_cors(origin, response);
    if (metrics_) {
      metrics_->record("OPTIONS", "preflight", response.result_int(),
                       std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started));
    }
    return response;
  }
  auto target = parse_request_target(request.target());
  if (target && target->path.find("..") != std::string::npos) target.reset();
  Router::Match match;
  if (target) match = router_.match(request.method(), target->path);
  // What the answer needs of the request and of the configuration is
  // copied: a deferred answer comes after the session has let go of the
  // request, and perhaps after this dispatcher is gone.
  const std::string_view full_target = request.target();
  auto finish = [started, origin, version = request.version(), keep_alive = request.keep_alive(),
                 method = std::string(request.method_string()),
                 target = std::string(full_target.substr(0, full_target.find('?'))), metrics = metrics_,
                 method_series = std::string(method_label(request.method())),
                 route_label = match.route ? match.route->pattern : std::string("unmatched")](const ApiResponse& api) {
    auto response = to_beast(api, version, keep_alive);
    set_cors(origin, response);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    spdlog::info("http {} {} {} {:.1f}ms", method, target, response.result_int(),
                 static_cast<double>(elapsed.count()) / 1000.0);
    if (metrics) metrics->record(method_series, route_label, response.result_int(), elapsed);
    return response;
  };
  const Responder respond = [finish, later = std::move(later)](ApiResponse api) { later(finish(api)); };
  std::optional<ApiResponse> response;
  try {
    response =
        dispatch(request, std::move(target), std::move(match), respond, std::move(client_gone), client);
  } catch (const std::exception& e) {
    // The handlers' errors are answered inside; this guard keeps a slip
    // before them from escaping into the server's threads and ending the
    // process with readings still in memory.
    spdlog::error("http {}: unhandled error: {}", std::string_view(request.method_string()), e.what());
    response = ApiResponse::failure(Status::internal_server_error, "Internal server error");
  }
  if (response) return finish(*response);
  return std::nullopt;
}

std::optional<std::string> Dispatcher::allowed_origin(const BeastRequest& request) const {
  const auto it = request.find(beast_http::field::origin);
  if (it == request.end()) return std::nullopt;
  const std::string value(it->value());
  const bool allowed = std::find(cors_origins_.begin(), cors_origins_.end(), value) != cors_origins_.end() ||
                       std::find(cors_origins_.begin(), cors_origins_.end(), "*") != cors_origins_.end();
  return allowed ? std::optional<std::string>(value) : std::nullopt;
}

ApiResponse Dispatcher::too_many_requests(std::chrono::milliseconds wait) const {
  const auto retry_after_s = std::max<std::int64_t>(1, (wait.count() + 999) / 1000);
  auto response = ApiResponse::failure(
      Status::too_many_requests,
      fmt::format("Rate limit exceeded: at most {:g} requests/s (bursts of {:g}) per client; retry in {} s",
                  rate_limiter_->per_second(), rate_limiter_->burst(), retry_after_s));
  response.headers["Retry-After"] = std::to_string(retry_after_s);
  return response;
}

std::optional<ApiResponse> Dispatcher::refuse_access(const BeastRequest& request, const Route& route,
                                                     const ClientAddress& client) const {
  if (route.scope == Scope::none) return std::nullopt;
  const auto rules = access();
  const bool keyed = rules->keys.enabled();
  std::optional<ApiKeys::Match> key;
  std::optional<Scope> trusted;  // a request without a key from a trusted network
  if (keyed) {
    const auto presented = presented_key(request);
    if (!presented.empty()) {
      key = rules->keys.match(presented);
    } else if (client.ip) {
      trusted = rules->trusted.scope_of(*client.ip);
    }
  }
  if (rate_limiter_) {
    const std::string address = client.rate_limit_name.empty() ? "" : "address " + client.rate_limit_name;
    // With keys, an address's allowance is spent by wrong or missing keys
    // only, and once spent it answers 429 whatever key comes next: a
    // guesser learns nothing from a right guess. (The price: behind a
    // shared proxy, one guesser holds up the proxy's keyed clients too.)
    // A trusted client without a key spends its address's allowance as
    // any client does.
    if (keyed && !trusted && !address.empty()) {
      if (auto wait = rate_limiter_->peek(address)) return too_many_requests(*wait);
    }
    // A valid key is its own client, named by its place in the configuration;
    // a trusted client has an allowance of its own, which neither a key
    // guesser on its address spends nor its own traffic takes from keys.
    const std::string limited = key       ? "key #" + std::to_string(key->index)
                                : trusted ? (address.empty() ? "" : "trusted " + address)
                                          : address;
    if (!limited.empty()) {
      if (auto wait = rate_limiter_->take(limited)) return too_many_requests(*wait);
    }
  }
  if (!keyed) return std::nullopt;
  if (trusted) {
    if (*trusted < route.scope) {
      return ApiResponse::failure(Status::forbidden, "Trusted network lacks the '" + scope_name(route.scope) +
                                                         "' scope; present an API key that has it");
    }
    return std::nullopt;
  }
  if (!key) {
    auto response = ApiResponse::failure(Status::unauthorized, "Missing or unknown API key");
    response.headers["WWW-Authenticate"] = "Bearer";
    return response;
  }
  if (key->scope < route.scope) {
    return ApiResponse::failure(Status::forbidden, "API key lacks the '" + scope_name(route.scope) + "' scope");
  }
  return std::nullopt;
}

std::optional<ApiResponse> Dispatcher::dispatch(const BeastRequest& request, std::optional<RequestTarget> target,
                                                Router::Match match, const Responder& respond,
                                                std::stop_token client_gone, const ClientAddress& client) const {
  if (!target) return ApiResponse::failure(Status::bad_request, "Invalid request target");
  if (!match.route) {
    if (!match.allowed.empty()) {
      auto response = ApiResponse::failure(Status::method_not_allowed,
                                           "Method " + std::string(request.method_string()) + " not allowed for " +
                                               target->path + " (allowed: " + allowed_list(match.allowed) + ")");
      response.headers["Allow"] = allowed_list(match.allowed);
      return response;
    }
    return ApiResponse::failure(Status::not_found, "Not found: " + target->path);
  }
  const Route& route = *match.route;

  if (auto refused = refuse_access(request, route, client)) return refused;

  ApiRequest api;
  api.method = request.method();
  api.path = std::move(target->path);
  api.query = std::move(target->query);
  api.path_params = std::move(match.params);
  api.body = request.body();
  if (auto it = request.find(beast_http::field::content_type); it != request.end()) api.content_type = it->value();
  api.client_gone = std::move(client_gone);

  if (route.body == BodyKind::json && !request.body().empty()) {
    if (!is_json_media_type(api.content_type)) {
      return ApiResponse::failure(Status::unsupported_media_type,
                                  "Content-Type must be application/json, got '" + api.content_type + "'");
    }
    try {
      api.json = nlohmann::json::parse(request.body());
    } catch (const nlohmann::json::exception& e) {
      // A syntax error, or a number beyond a double (1e400): nlohmann's
      // message without its tag and position.
      std::string reason = json_text::without_tag(e);
      if (const auto colon = reason.find(": "); colon != std::string::npos) reason = reason.substr(colon + 2);
      // Python's json.dumps writes NaN and Infinity unless told not to.
      const std::string_view body = request.body();
      if (body.find("NaN") != std::string_view::npos || body.find("Infinity") != std::string_view::npos) {
        reason += " (NaN and Infinity are not JSON numbers: leave such a field out or send null)";
      }
      return ApiResponse::failure(Status::bad_request, "Malformed JSON body: " + reason);
    }
  }

  try {
    if (route.deferred) {
      route.deferred(std::move(api), respond);  // the body may be large: moved, not copied
      return std::nullopt;
    }
    return route.handler(api);
  } catch (const ApiError& e) {
    return ApiResponse::failure(e.status(), e.what());
  } catch (const std::exception& e) {
    // A deferred route's request was moved into it: its pattern names it.
    spdlog::error("http {} {}: unhandled error: {}", std::string_view(request.method_string()),
                  route.deferred ? route.pattern : api.path, e.what());
    return ApiResponse::failure(Status::internal_server_error, "Internal server error");
  }
}

}  // namespace aegis::http
