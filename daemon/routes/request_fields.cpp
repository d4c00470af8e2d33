#include "daemon/routes/request_fields.hpp"

#include <charconv>
#include <cmath>

#include "daemon/http/api_types.hpp"
#include "engine/common/json_fields.hpp"

namespace aegis::routes {
namespace {

[[noreturn]] void bad_request(const std::string& message) { throw http::ApiError(http::Status::bad_request, message); }

// The shared field rules, their refusals as 400s.
template <class Read>
decltype(auto) checked(Read&& read) {
  try {
    return read();
  } catch (const json_fields::FieldError& error) {
    bad_request(error.what());
  }
}

}  // namespace

const nlohmann::json& object_body(const nlohmann::json& body) {
  return checked([&]() -> const nlohmann::json& { return json_fields::object(body); });
}

const nlohmann::json& required_body(const nlohmann::json& body) {
  // The seed's test was Python's truthiness: {}, [], "", 0, false and null.
  const bool empty = body.is_null() || (body.is_structured() && body.empty()) ||
                     (body.is_string() && body.get_ref<const std::string&>().empty()) ||
                     (body.is_boolean() && !body.get<bool>()) || (body.is_number() && body.get<double>() == 0.0);
  if (empty) bad_request("Request body required");
  return object_body(body);
}

std::optional<std::string> text_field(const nlohmann::json& body, const std::string& name) {
  return checked([&] { return json_fields::text(body, name); });
}

std::optional<time::Millis> timestamp_field(const nlohmann::json& body, const std::string& name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  if (!it->is_string()) bad_request("Invalid timestamp format: " + text);
  const auto parsed = time::parse_iso8601(text);
  if (!parsed) bad_request("Invalid timestamp format: " + text);
  return parsed;
}

int integer_field(const nlohmann::json& body, const std::string& name, int fallback, int min, int max) {
  return checked([&] { return json_fields::integer(body, name, fallback, min, max); });
}

int integer_query_param(const http::ApiRequest& request, const std::string& name, int fallback, int min, int max) {
  const auto text = request.query_param(name);
  if (!text) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    bad_request(name + " must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

std::optional<std::map<std::string, double>> feature_map_field(const nlohmann::json& body, const std::string& name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) bad_request(name + " must be an object of feature names to numbers");
  std::map<std::string, double> features;
  for (const auto& [key, value] : it->items()) {
    if (!value.is_number()) bad_request(name + "." + key + " must be a number");
    const double number = value.get<double>();
    if (!std::isfinite(number)) bad_request(name + "." + key + " must be a finite number");
    features[key] = number;
  }
  return features;
}

std::optional<time::Millis> timestamp_query_value(const std::string& text) {
  if (const auto parsed = time::parse_iso8601(text)) return parsed;
  const auto space = text.rfind(' ');
  if (space == std::string::npos || space + 1 == text.size()) return std::nullopt;
  std::string offset = text;
  offset[space] = '+';
  return time::parse_iso8601(offset);
}

}  // namespace aegis::routes
