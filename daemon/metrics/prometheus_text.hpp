#pragma once
// Writes Prometheus' text exposition format (version 0.0.4), the format
// GET /metrics answers in: each family's HELP and TYPE lines, then its
// samples. Escaping and number formatting live here so that callers only
// name things and give values.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aegis::metrics {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

enum class MetricType { counter, gauge, histogram };

class PrometheusText {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  // Starts a family; the samples that follow belong to it. Counter names
  // end in "_total", as the classic format writes them.
  void family(std::string_view name, MetricType type, std::string_view help);

  // One sample of the current counter or gauge family.
  void sample(const Labels& labels, double value);
  void sample(double value) { sample({}, value); }

  // One labelled histogram of the current histogram family: `counts[i]`
  // observations fell at or below `upper_bounds[i]` and above the bound
  // before it; `count` may exceed their sum (observations above the last
  // bound). Written cumulatively, with the "+Inf" bucket.
  void histogram(const Labels& labels, std::span<const double> upper_bounds, std::span<const std::uint64_t> counts,
                 double sum, std::uint64_t count);

  const std::string& text() const { return text_; }

 private:
  void line(std::string_view suffix, const Labels& labels, std::string_view extra_name, std::string_view extra_value,
            double value);

  std::string text_;
  std::string family_;
};

}  // namespace aegis::metrics
