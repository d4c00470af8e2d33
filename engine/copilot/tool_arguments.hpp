#pragma once
// Reading a tool's arguments, with the messages the seed's tool endpoints
// give (ToolError::Kind::invalid_arguments).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::copilot {

// Arguments must be an object; null counts as {}.
const nlohmann::json& argument_object(const nlohmann::json& arguments);

// A non-empty string (integers are taken in decimal: unit ids are often numbers).
std::optional<std::string> text_argument(const nlohmann::json& arguments, const std::string& name);

// product_id and unit_id, both required.
telemetry::UnitKey unit_argument(const nlohmann::json& arguments);

int integer_argument(const nlohmann::json& arguments, const std::string& name, int fallback, int min, int max);

}  // namespace aegis::copilot
