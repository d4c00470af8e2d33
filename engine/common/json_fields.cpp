#include "engine/common/json_fields.hpp"

#include <cmath>
#include <cstdint>

namespace aegis::json_fields {
namespace {

const nlohmann::json kEmptyObject = nlohmann::json::object();

}  // namespace

const nlohmann::json& object(const nlohmann::json& value) {
  if (value.is_null()) return kEmptyObject;
  if (!value.is_object()) throw FieldError("Request body must be a JSON object");
  return value;
}

std::optional<std::string> text(const nlohmann::json& object, const std::string& name) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) {
    const auto& value = it->get_ref<const std::string&>();
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  if (it->is_number_integer()) return it->dump();
  throw FieldError(name + " must be a string");
}

int integer(const nlohmann::json& object, const std::string& name, int fallback, int min, int max) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return fallback;
  const std::string range = name + " must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
  if (it->is_number_integer()) {
    const auto value = it->get<std::int64_t>();
    if (value < min || value > max) throw FieldError(range);
    return static_cast<int>(value);
  }
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (std::floor(value) == value && value >= min && value <= max) return static_cast<int>(value);
  }
  throw FieldError(range);
}

}  // namespace aegis::json_fields
