#include "drivers/datasets/number_text.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "drivers/datasets/dataset_error.hpp"

namespace aegis::datasets {
namespace {

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// from_chars refuses a leading '+', which other tools write happily.
std::string_view without_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
  return text;
}

bool parse_whole_double(std::string_view text, double& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  return error == std::errc{} && ptr == end;
}

std::string quoted(std::string_view field, std::string_view what, std::string_view text) {
  std::string message(field);
  message += what;
  message += ": '";
  message += text;
  message += "'";
  return message;
}

}  // namespace

double parse_number(std::string_view text, std::string_view field) {
  const std::string_view trimmed = without_plus(trim_blanks(text));
  double value = 0.0;
  if (trimmed.empty() || !parse_whole_double(trimmed, value)) {
    throw FieldError(quoted(field, " is not a number", text));
  }
  if (!std::isfinite(value)) throw FieldError(quoted(field, " is not finite", text));
  return value;
}

std::int64_t parse_integer(std::string_view text, std::string_view field) {
  const std::string_view trimmed = without_plus(trim_blanks(text));
  std::int64_t value = 0;
  const char* end = trimmed.data() + trimmed.size();
  if (!trimmed.empty()) {
    const auto [ptr, error] = std::from_chars(trimmed.data(), end, value);
    if (error == std::errc{} && ptr == end) return value;
  }
  double as_double = 0.0;
  // 2^63 is exactly representable; anything at or beyond it does not fit.
  constexpr double limit = 9223372036854775808.0;
  if (!trimmed.empty() && parse_whole_double(trimmed, as_double) && std::isfinite(as_double) &&
      as_double == std::trunc(as_double) && as_double >= -limit && as_double < limit) {
    return static_cast<std::int64_t>(as_double);
  }
  throw FieldError(quoted(field, " is not an integer", text));
}

std::string format_number(double value, std::string_view field) {
  if (!std::isfinite(value)) {
    throw FieldError(std::string(field) + " is not finite: " + (std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf"));
  }
  char buffer[64];
  const auto [ptr, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
  if (error != std::errc{}) throw FieldError("cannot format a number");
  std::string text(buffer, ptr);
  if (text == "-0") text = "0";
  return text;
}

}  // namespace aegis::datasets
