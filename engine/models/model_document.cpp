#include "engine/models/model_document.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/common/json_error_text.hpp"
#include "engine/models/booster.hpp"

namespace aegis::models {
namespace {

using json = nlohmann::json;

// Accepts every value and keeps nothing: only the parser's checks matter.
class DiscardingSax final : public nlohmann::json_sax<json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& error) override {
    reason_ = json_text::without_tag(error);
    return false;
  }

  const std::string& reason() const { return reason_; }

 private:
  std::string reason_ = "unknown error";
};

}  // namespace

ModelFormat model_document_format(std::string_view bytes) {
  const bool json_text =
      bytes.size() > 1 && (bytes[1] == '"' || bytes[1] == '}' || std::isspace(static_cast<unsigned char>(bytes[1])));
  return json_text ? ModelFormat::json : ModelFormat::ubjson;
}

void check_whole_document(std::string_view bytes, std::string_view origin) {
  if (model_document_format(bytes) == ModelFormat::json) return;
  DiscardingSax sax;
  const bool whole = json::sax_parse(bytes.data(), bytes.data() + bytes.size(), &sax, json::input_format_t::ubjson,
                                     /*strict=*/true);
  if (!whole) {
    throw ModelError("cannot load " + std::string(origin) + ": it is not a whole UBJSON document (" + sax.reason() +
                     ")");
  }
}

}  // namespace aegis::models
