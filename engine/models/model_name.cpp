#include "engine/models/model_name.hpp"

#include <algorithm>
#include <cctype>

namespace aegis::models {
namespace {

constexpr std::size_t kMaxModelNameLength = 64;

}  // namespace

bool is_valid_model_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxModelNameLength && name.front() != '.' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
         });
}

std::string model_name_problem(const std::string& name) {
  return "invalid model name '" + name + "' (letters, digits, '_', '-' and '.', at most 64, not starting with '.')";
}

}  // namespace aegis::models
