#include "engine/copilot/tool_arguments.hpp"

#include "engine/common/json_fields.hpp"
#include "engine/copilot/copilot_tools.hpp"

namespace aegis::copilot {
namespace {

// The shared field rules, their refusals as the tool endpoints' 400s.
template <class Read>
decltype(auto) checked(Read&& read) {
  try {
    return read();
  } catch (const json_fields::FieldError& error) {
    throw ToolError(ToolError::Kind::invalid_arguments, error.what());
  }
}

}  // namespace

const nlohmann::json& argument_object(const nlohmann::json& arguments) {
  return checked([&]() -> const nlohmann::json& { return json_fields::object(arguments); });
}

std::optional<std::string> text_argument(const nlohmann::json& arguments, const std::string& name) {
  return checked([&] { return json_fields::text(arguments, name); });
}

telemetry::UnitKey unit_argument(const nlohmann::json& arguments) {
  const auto product_id = text_argument(arguments, "product_id");
  const auto unit_id = text_argument(arguments, "unit_id");
  if (!product_id || !unit_id) {
    throw ToolError(ToolError::Kind::invalid_arguments, "product_id and unit_id are required");
  }
  return {*product_id, *unit_id};
}

int integer_argument(const nlohmann::json& arguments, const std::string& name, int fallback, int min, int max) {
  return checked([&] { return json_fields::integer(arguments, name, fallback, min, max); });
}

}  // namespace aegis::copilot
