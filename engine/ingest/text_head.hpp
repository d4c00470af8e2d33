#pragma once
// The start of a text, cut short without splitting a UTF-8 character, so
// that what is kept of a payload can still be served as JSON.
#include <cstddef>
#include <string>
#include <string_view>

namespace aegis::ingest {

// At most `max_bytes` bytes of `text`, ending on a character boundary.
std::string text_head(std::string_view text, std::size_t max_bytes);

}  // namespace aegis::ingest
