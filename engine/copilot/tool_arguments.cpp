#include "engine/copilot/tool_arguments.hpp"

#include <cmath>

#include "engine/copilot/copilot_tools.hpp"

namespace aegis::copilot {
namespace {

[[noreturn]] void invalid(const std::string& message) { throw ToolError(ToolError::Kind::invalid_arguments, message); }

const nlohmann::json kNoArguments = nlohmann::json::object();

}  // namespace

const nlohmann::json& argument_object(const nlohmann::json& arguments) {
  if (arguments.is_null()) return kNoArguments;
  if (!arguments.is_object()) invalid("Request body must be a JSON object");
  return arguments;
}

std::optional<std::string> text_argument(const nlohmann::json& arguments, const std::string& name) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  }
  if (it->is_number_integer()) return it->dump();
  invalid(name + " must be a string");
}

telemetry::UnitKey unit_argument(const nlohmann::json& arguments) {
  const auto product_id = text_argument(arguments, "product_id");
  const auto unit_id = text_argument(arguments, "unit_id");
  if (!product_id || !unit_id) invalid("product_id and unit_id are required");
  return {*product_id, *unit_id};
}

int integer_argument(const nlohmann::json& arguments, const std::string& name, int fallback, int min, int max) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || it->is_null()) return fallback;
  if (it->is_number()) {
    const double value = it->get<double>();
    if (std::floor(value) == value && value >= min && value <= max) return static_cast<int>(value);
  }
  invalid(name + " must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
}

}  // namespace aegis::copilot
