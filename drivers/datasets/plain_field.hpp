#pragma once
// Text fields of the unquoted CSV layouts the gateway writes.
#include <string>
#include <string_view>

namespace aegis::datasets {

// Returns `text` when it can stand in an unquoted CSV cell; throws FieldError
// "<field> cannot be written unquoted: '<text>'" when it holds a separator,
// a quote or a line break.
const std::string& plain_field(const std::string& text, std::string_view field);

}  // namespace aegis::datasets
