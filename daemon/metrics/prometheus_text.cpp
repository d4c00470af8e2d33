#include "daemon/metrics/prometheus_text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace aegis::metrics {
namespace {

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::counter: return "counter";
    case MetricType::gauge: return "gauge";
    case MetricType::histogram: return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and newline; label values also the quote.
void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

// Whole numbers print without an exponent or a fraction (counters read as
// integers); others in the shortest form that reads back the same.
std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::trunc(value) && std::fabs(value) < 9.007199254740992e15) {
    return fmt::format("{}", static_cast<std::int64_t>(value));
  }
  return fmt::format("{}", value);
}

}  // namespace

void PrometheusText::family(std::string_view name, MetricType type, std::string_view help) {
  family_ = name;
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  append_escaped(text_, help, false);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type_name(type);
  text_ += '\n';
}

void PrometheusText::line(std::string_view suffix, const Labels& labels, std::string_view extra_name,
                          std::string_view extra_value, double value) {
  if (family_.empty()) throw std::logic_error("a metric sample needs a family first");
  text_ += family_;
  text_ += suffix;
  if (!labels.empty() || !extra_name.empty()) {
    text_ += '{';
    bool first = true;
    auto label = [&](std::string_view name, std::string_view label_value) {
      if (!first) text_ += ',';
      first = false;
      text_ += name;
      text_ += "=\"";
      append_escaped(text_, label_value, true);
      text_ += '"';
    };
    for (const auto& [name, label_value] : labels) label(name, label_value);
    if (!extra_name.empty()) label(extra_name, extra_value);
    text_ += '}';
  }
  text_ += ' ';
  text_ += number_text(value);
  text_ += '\n';
}

void PrometheusText::sample(const Labels& labels, double value) { line("", labels, {}, {}, value); }

void PrometheusText::histogram(const Labels& labels, std::span<const double> upper_bounds,
                               std::span<const std::uint64_t> counts, double sum, std::uint64_t count) {
  if (upper_bounds.size() != counts.size()) throw std::logic_error("histogram bounds and counts differ in length");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < upper_bounds.size(); ++i) {
    cumulative += counts[i];
    line("_bucket", labels, "le", number_text(upper_bounds[i]), static_cast<double>(cumulative));
  }
  line("_bucket", labels, "le", "+Inf", static_cast<double>(count));
  line("_sum", labels, {}, {}, sum);
  line("_count", labels, {}, {}, static_cast<double>(count));
}

}  // namespace aegis::metrics
