#include "daemon/http/request_metrics.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace aegis::http {

RequestMetrics::Series& RequestMetrics::series(std::string_view method, std::string_view route) {
  auto it = series_.find(KeyView{method, route});
  if (it == series_.end()) it = series_.emplace(Key{std::string(method), std::string(route)}, Series{}).first;
  return it->second;
}

void RequestMetrics::record(std::string_view method, std::string_view route, unsigned status,
                            std::chrono::microseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(kLatencyBounds.begin(), kLatencyBounds.end(), seconds) - kLatencyBounds.begin());
  std::lock_guard lock(mutex_);
  Series& answered = series(method, route);
  ++answered.by_status[status];
  if (bucket < answered.buckets.size()) ++answered.buckets[bucket];
  answered.seconds += seconds;
  ++answered.timed;
}

void RequestMetrics::record_refusal(unsigned status) {
  std::lock_guard lock(mutex_);
  ++series("OTHER", "unread").by_status[status];
}

void RequestMetrics::write(metrics::PrometheusText& out) const {
  std::lock_guard lock(mutex_);
  out.family("aegis_http_requests_total", metrics::MetricType::counter,
             "HTTP requests answered, by method, route pattern and status code.");
  for (const auto& [key, answered] : series_) {
    for (const auto& [status, count] : answered.by_status) {
      const std::string code = fmt::format("{}", status);
      out.sample({{"method", key.method}, {"route", key.route}, {"status", code}}, static_cast<double>(count));
    }
  }
  out.family("aegis_http_request_duration_seconds", metrics::MetricType::histogram,
             "Time from a request's last byte to its answer, by method and route pattern.");
  for (const auto& [key, answered] : series_) {
    if (answered.timed == 0) continue;
    out.histogram({{"method", key.method}, {"route", key.route}}, kLatencyBounds, answered.buckets, answered.seconds,
                  answered.timed);
  }
}

}  // namespace aegis::http
