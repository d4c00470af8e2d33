#pragma once
// Model names become folder names under the artifact directory, and they
// arrive from request bodies and command lines: one rule, applied wherever a
// name enters, keeps every model inside that directory.
#include <string>
#include <string_view>

namespace aegis::models {

// Letters, digits, '_', '-' and '.', at most 64 characters, not starting
// with '.' (so neither ".." nor a hidden folder, and no separator).
bool is_valid_model_name(std::string_view name);

// "invalid model name '<name>' (letters, digits, ...)": the caller prefixes
// or rewords it for its own field name.
std::string model_name_problem(const std::string& name);

}  // namespace aegis::models
