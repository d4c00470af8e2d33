#include "daemon/http/router.hpp"

namespace aegis::http {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  // "/health/" matches "/health": a trailing slash adds no segment.
  if (!segments.empty() && segments.back().empty()) segments.pop_back();
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool matches(const Route& route, const std::vector<std::string>& segments, std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (is_parameter(route.segments[i])) {
      if (segments[i].empty()) return false;
      found[route.segments[i].substr(1, route.segments[i].size() - 2)] = segments[i];
    } else if (route.segments[i] != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

void Router::add(Verb method, std::string pattern, Scope scope, Handler handler) {
  const bool takes_body = method == Verb::post || method == Verb::put || method == Verb::patch;
  add(method, std::move(pattern), scope, takes_body ? BodyKind::json : BodyKind::none, std::move(handler));
}

void Router::add(Verb method, std::string pattern, Scope scope, BodyKind body, Handler handler) {
  auto segments = split_path(pattern);
  routes_.push_back(Route{method, std::move(pattern), scope, body, std::move(handler), std::move(segments)});
}

void Router::add_deferred(Verb method, std::string pattern, Scope scope, DeferredHandler handler) {
  const bool takes_body = method == Verb::post || method == Verb::put || method == Verb::patch;
  auto segments = split_path(pattern);
  routes_.push_back(Route{method, std::move(pattern), scope, takes_body ? BodyKind::json : BodyKind::none, nullptr,
                          std::move(segments), std::move(handler)});
}

Router::Match Router::match(Verb method, const std::string& path) const {
  Match result;
  const auto segments = split_path(path);
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(route, segments, params)) continue;
    if (route.method == method) {
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    result.allowed.push_back(route.method);
  }
  return result;
}

std::string scope_name(Scope scope) {
  switch (scope) {
    case Scope::none: return "none";
    case Scope::read: return "read";
    case Scope::operate: return "operate";
    case Scope::admin: return "admin";
  }
  return "none";
}

std::optional<Scope> parse_scope(std::string_view name) {
  if (name == "read") return Scope::read;
  if (name == "operate") return Scope::operate;
  if (name == "admin") return Scope::admin;
  return std::nullopt;
}

}  // namespace aegis::http
