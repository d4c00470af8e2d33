#pragma once
// nlohmann's exception messages open with a tag for programmers
// ("[json.exception.parse_error.101] "); what clients and logs are shown is
// the text after it.
#include <nlohmann/json.hpp>
#include <string>

namespace aegis::json_text {

// The message of `error` without its "[json.exception....] " tag.
std::string without_tag(const nlohmann::json::exception& error);

}  // namespace aegis::json_text
