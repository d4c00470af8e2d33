#pragma once
// The one route table: method + path pattern ("/units/{product_id}/{unit_id}")
// -> handler, with the scope an API key needs and the kind of body expected.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/api_types.hpp"

namespace aegis::http {

// API-key scopes, each including the ones before it.
enum class Scope { none, read, operate, admin };

enum class BodyKind {
  none,  // the body is ignored
  json,  // must be JSON (415 otherwise); parsed into ApiRequest::json
  raw,   // passed through untouched (file uploads)
};

using Handler = std::function<ApiResponse(const ApiRequest&)>;

// A deferred route answers later, from another thread, so the HTTP threads
// stay free while it waits (a language model's answer). It either throws
// ApiError before it returns or calls the responder exactly once.
using Responder = std::function<void(ApiResponse)>;
using DeferredHandler = std::function<void(ApiRequest, Responder)>;

struct Route {
  Verb method;
  std::string pattern;
  Scope scope;
  BodyKind body;
  Handler handler;
  std::vector<std::string> segments;
  DeferredHandler deferred;  // set instead of handler for deferred routes
};

class Router {
 public:
  // A POST, PUT or PATCH route takes a JSON body unless told otherwise.
  void add(Verb method, std::string pattern, Scope scope, Handler handler);
  void add(Verb method, std::string pattern, Scope scope, BodyKind body, Handler handler);
  // The handler answers later through its Responder, from another thread;
  // an answer that comes after the HttpServer has stopped is dropped.
  void add_deferred(Verb method, std::string pattern, Scope scope, DeferredHandler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<Verb> allowed;  // when the path exists with other methods only
  };
  Match match(Verb method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

std::string scope_name(Scope scope);
// "read", "operate" or "admin"; nullopt for anything else.
std::optional<Scope> parse_scope(std::string_view name);

}  // namespace aegis::http
