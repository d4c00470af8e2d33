#include "engine/ingest/text_head.hpp"

namespace aegis::ingest {

std::string text_head(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut
  // character; a character has at most three, more means the text is not
  // UTF-8 and any cut will do.
  auto is_continuation = [&](std::size_t at) { return (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80; };
  for (int steps = 0; steps < 3 && end > 0 && is_continuation(end); ++steps) --end;
  if (is_continuation(end)) end = max_bytes;
  return std::string(text.substr(0, end));
}

}  // namespace aegis::ingest
