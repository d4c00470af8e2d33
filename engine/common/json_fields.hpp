#pragma once
// Fields of a JSON object as the seed backend read them, for every caller
// that takes JSON from outside: REST request bodies and the copilot's tool
// arguments. A bad field throws FieldError with the message the client
// sees; each caller turns it into its own error (a 400, a tool error).
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace aegis::json_fields {

class FieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The object itself; null counts as {}; anything else is refused.
const nlohmann::json& object(const nlohmann::json& value);

// A non-empty string; integers are taken in decimal (unit ids such as 202).
// nullopt when absent, null or empty.
std::optional<std::string> text(const nlohmann::json& object, const std::string& name);

// A whole number within [min, max] (3.0 counts), or `fallback` when absent
// or null.
int integer(const nlohmann::json& object, const std::string& name, int fallback, int min, int max);

}  // namespace aegis::json_fields
