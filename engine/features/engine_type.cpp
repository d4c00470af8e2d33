#include "engine/features/engine_type.hpp"

namespace aegis::features {

namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

EngineType parse_engine_type(std::string_view engine_type) {
  const std::string_view code = trimmed(engine_type);
  if (code.size() != 1) return EngineType::Unknown;
  switch (code.front()) {
    case 'H': case 'h': return EngineType::H;
    case 'L': case 'l': return EngineType::L;
    case 'M': case 'm': return EngineType::M;
    default: return EngineType::Unknown;
  }
}

double encode_engine_type(EngineType engine_type) {
  switch (engine_type) {
    case EngineType::L: return 1.0;
    case EngineType::M: return 2.0;
    case EngineType::H:
    case EngineType::Unknown: return 0.0;
  }
  return 0.0;
}

double encode_engine_type(std::string_view engine_type) { return encode_engine_type(parse_engine_type(engine_type)); }

}  // namespace aegis::features
