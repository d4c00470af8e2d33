#include "daemon/routes/model_import_routes.hpp"

#include <string>
#include <vector>

#include "engine/imports/import_error.hpp"
#include "engine/imports/import_report.hpp"
#include "engine/imports/model_import.hpp"

namespace aegis::routes {
namespace {

// "application/json; charset=utf-8" -> "application/json"
std::string media_type(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

bool flag_param(const http::ApiRequest& request, const std::string& name) {
  const auto value = request.query_param(name);
  if (!value || *value == "false" || *value == "0") return false;
  if (value->empty() || *value == "true" || *value == "1") return true;
  throw http::ApiError(http::Status::bad_request, name + " must be true or false");
}

imports::ModelImportRequest import_request(const http::ApiRequest& request) {
  std::vector<std::string> missing;
  auto required = [&](const std::string& name) {
    auto value = request.query_param(name).value_or("");
    if (value.empty()) missing.push_back(name);
    return value;
  };
  imports::ModelImportRequest result;
  result.model_name = required("name");
  result.task = required("task");
  if (!missing.empty()) {
    std::string list;
    for (const auto& name : missing) list += (list.empty() ? "" : ", ") + name;
    throw http::ApiError(http::Status::bad_request, "Missing required query parameters: " + list);
  }
  result.profile = request.query_param("profile").value_or("ai4i");
  if (const auto features = request.query_param("features"); features && !features->empty()) {
    result.feature_names = imports::parse_feature_list(*features);
  }
  result.promote = flag_param(request, "promote");
  result.origin = "request body";
  return result;
}

}  // namespace

void add_model_import_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::post, "/models/import", http::Scope::admin, http::BodyKind::raw,
             [&context](const http::ApiRequest& request) {
               const auto type = media_type(request.content_type);
               if (!type.empty() && type != "application/octet-stream" && type != "application/json") {
                 throw http::ApiError(http::Status::unsupported_media_type,
                                      "Content-Type must be application/octet-stream or application/json");
               }
               try {
                 const auto result =
                     imports::import_model(context.registry, context.profiles, request.body, import_request(request));
                 return http::ApiResponse::ok(imports::describe(result), http::Status::created);
               } catch (const imports::ImportError& e) {
                 throw http::ApiError(http::Status::bad_request, e.what());
               }
             });
}

}  // namespace aegis::routes
