#pragma once
// What the API has answered since start, for GET /metrics: requests by
// method, route and status, and their latency. Routes are labelled by their
// pattern ("/units/{product_id}/{unit_id}/telemetry"), never by the path, so
// a fleet of units does not make a series each; requests that match no
// route share the route "unmatched", and methods the API does not use the
// method "OTHER", so no client can make series at will.
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "daemon/metrics/prometheus_text.hpp"

namespace aegis::http {

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds: from a cached
  // prediction (about a millisecond) to a copilot answer (up to a minute).
  static constexpr std::array<double, 14> kLatencyBounds{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                         0.25,  0.5,    1,     2.5,  5,     10,   60};

  // Called once per answered request, from any thread.
  void record(std::string_view method, std::string_view route, unsigned status, std::chrono::microseconds elapsed);
  // A request refused before it was read whole (too large, malformed, too
  // many connections): counted under method "OTHER" and route "unread",
  // with no latency.
  void record_refusal(unsigned status);

  // Appends the families aegis_http_requests_total and
  // aegis_http_request_duration_seconds.
  void write(metrics::PrometheusText& out) const;

 private:
  struct Series {
    std::map<unsigned, std::uint64_t> by_status;
    std::array<std::uint64_t, kLatencyBounds.size()> buckets{};
    double seconds = 0;
    std::uint64_t timed = 0;  // answers with a latency (refusals have none)
  };
  struct Key {
    std::string method;
    std::string route;
  };
  struct KeyView {
    std::string_view method;
    std::string_view route;
  };
  // Looks series up by views, so that recording a request allocates only
  // the first time its route is seen.
  struct KeyLess {
    using is_transparent = void;
    static KeyView view(const Key& key) { return {key.method, key.route}; }
    static KeyView view(const KeyView& key) { return key; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      const KeyView left = view(a);
      const KeyView right = view(b);
      return left.method != right.method ? left.method < right.method : left.route < right.route;
    }
  };

  Series& series(std::string_view method, std::string_view route);  // under mutex_

  mutable std::mutex mutex_;
  std::map<Key, Series, KeyLess> series_;
};

}  // namespace aegis::http
