#pragma once
// Reading fields of a JSON request body the way the seed backend did:
// absent, null and empty strings all count as "missing".
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "daemon/http/api_types.hpp"
#include "engine/common/time.hpp"

namespace aegis::routes {

// A string field; integers are accepted and written in decimal (unit ids
// such as 202). nullopt when absent, null or empty; 400 for another type.
std::optional<std::string> text_field(const nlohmann::json& body, const std::string& name);

// timestamp_before and friends: nullopt when absent; 400 "Invalid timestamp
// format: <value>" when present but not ISO 8601.
std::optional<time::Millis> timestamp_field(const nlohmann::json& body, const std::string& name);

// An integer within [min, max], or `fallback` when absent; 400 naming the
// field otherwise.
int integer_field(const nlohmann::json& body, const std::string& name, int fallback, int min, int max);

// "features": {name: number}; nullopt when absent; 400 naming a bad entry.
std::optional<std::map<std::string, double>> feature_map_field(const nlohmann::json& body, const std::string& name);

// A whole-number query parameter within [min, max], or `fallback` when
// absent; 400 "<name> must be an integer between <min> and <max>" otherwise.
int integer_query_param(const http::ApiRequest& request, const std::string& name, int fallback, int min, int max);

// An ISO 8601 query parameter (?before=...): nullopt when absent or not a
// timestamp. A '+' of an offset typed into a URL arrives as a space (form
// decoding); "...T00:00:00 01:00" is read as "+01:00".
std::optional<time::Millis> timestamp_query_value(const std::string& text);

// Throws 400 unless the body is a JSON object (an empty body counts as {}).
const nlohmann::json& object_body(const nlohmann::json& body);

// For a route that needs a body: 400 "Request body required" for {}, [],
// "", 0, false, null (the seed's answer) and for no body at all (where the
// seed failed with 500), else as object_body.
const nlohmann::json& required_body(const nlohmann::json& body);

}  // namespace aegis::routes
