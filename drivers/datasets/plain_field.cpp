#include "drivers/datasets/plain_field.hpp"

#include "drivers/datasets/dataset_error.hpp"

namespace aegis::datasets {

const std::string& plain_field(const std::string& text, std::string_view field) {
  if (text.find_first_of(",\"\r\n") != std::string::npos) {
    throw FieldError(std::string(field) + " cannot be written unquoted: '" + text + "'");
  }
  return text;
}

}  // namespace aegis::datasets
