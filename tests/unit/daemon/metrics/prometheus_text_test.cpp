#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>

#include "daemon/metrics/prometheus_text.hpp"

using namespace aegis::metrics;

TEST_CASE("Prometheus text: a family's HELP and TYPE lines come before its samples", "[metrics]") {
  PrometheusText out;
  out.family("aegis_ingest_received_total", MetricType::counter, "Readings accepted.");
  out.sample(42);
  out.family("aegis_mqtt_state", MetricType::gauge, "1 for the current state.");
  out.sample({{"state", "connected"}}, 1);
  out.sample({{"state", "disabled"}}, 0);
  CHECK(out.text() ==
        "# HELP aegis_ingest_received_total Readings accepted.\n"
        "# TYPE aegis_ingest_received_total counter\n"
        "aegis_ingest_received_total 42\n"
        "# HELP aegis_mqtt_state 1 for the current state.\n"
        "# TYPE aegis_mqtt_state gauge\n"
        "aegis_mqtt_state{state=\"connected\"} 1\n"
        "aegis_mqtt_state{state=\"disabled\"} 0\n");
}

TEST_CASE("Prometheus text: label values and help are escaped", "[metrics]") {
  PrometheusText out;
  out.family("aegis_model_promoted_info", MetricType::gauge, "Back\\slash and\nnewline, \"quotes\" kept.");
  out.sample({{"model_name", "a\"b\\c\nd"}, {"version", "v1"}}, 1);
  CHECK(out.text() ==
        "# HELP aegis_model_promoted_info Back\\\\slash and\\nnewline, \"quotes\" kept.\n"
        "# TYPE aegis_model_promoted_info gauge\n"
        "aegis_model_promoted_info{model_name=\"a\\\"b\\\\c\\nd\",version=\"v1\"} 1\n");
}

TEST_CASE("Prometheus text: numbers read back exactly, and NaN and infinities are spelt as the format wants",
          "[metrics]") {
  PrometheusText out;
  out.family("g", MetricType::gauge, "h");
  out.sample(0.25);
  out.sample(1234567890123.0);
  out.sample(-3);
  out.sample(2.8e-05);
  out.sample(std::numeric_limits<double>::quiet_NaN());
  out.sample(std::numeric_limits<double>::infinity());
  out.sample(-std::numeric_limits<double>::infinity());
  CHECK(out.text() ==
        "# HELP g h\n# TYPE g gauge\n"
        "g 0.25\ng 1234567890123\ng -3\ng 2.8e-05\ng NaN\ng +Inf\ng -Inf\n");
}

TEST_CASE("Prometheus text: a histogram is written cumulatively with its +Inf bucket, sum and count", "[metrics]") {
  PrometheusText out;
  out.family("aegis_http_request_duration_seconds", MetricType::histogram, "Latency.");
  const std::array<double, 3> bounds{0.001, 0.01, 1};
  const std::array<std::uint64_t, 3> counts{2, 0, 3};
  // One observation above the last bound: only the count and +Inf have it.
  out.histogram({{"route", "/health"}}, bounds, counts, 7.5, 6);
  CHECK(out.text() ==
        "# HELP aegis_http_request_duration_seconds Latency.\n"
        "# TYPE aegis_http_request_duration_seconds histogram\n"
        "aegis_http_request_duration_seconds_bucket{route=\"/health\",le=\"0.001\"} 2\n"
        "aegis_http_request_duration_seconds_bucket{route=\"/health\",le=\"0.01\"} 2\n"
        "aegis_http_request_duration_seconds_bucket{route=\"/health\",le=\"1\"} 5\n"
        "aegis_http_request_duration_seconds_bucket{route=\"/health\",le=\"+Inf\"} 6\n"
        "aegis_http_request_duration_seconds_sum{route=\"/health\"} 7.5\n"
        "aegis_http_request_duration_seconds_count{route=\"/health\"} 6\n");
}

TEST_CASE("Prometheus text: a sample without a family is a programming error", "[metrics]") {
  PrometheusText out;
  CHECK_THROWS_AS(out.sample(1), std::logic_error);
  out.family("h", MetricType::histogram, "x");
  const std::array<double, 2> bounds{1, 2};
  const std::array<std::uint64_t, 1> counts{1};
  CHECK_THROWS_AS(out.histogram({}, bounds, counts, 1, 1), std::logic_error);
}
