#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "engine/streaming/alert_state.hpp"

using aegis::streaming::AlertConfigError;
using aegis::streaming::AlertDirection;
using aegis::streaming::AlertState;
using aegis::streaming::AlertThresholds;
using aegis::streaming::failure_probability_thresholds;
using aegis::streaming::rul_hours_thresholds;
using aegis::streaming::Transition;

namespace {

// The transitions a sequence of values causes, in order.
std::vector<Transition> transitions_of(AlertState& state, const std::vector<double>& values) {
  std::vector<Transition> seen;
  for (double value : values) {
    if (const auto t = state.observe(value)) seen.push_back(*t);
  }
  return seen;
}

using T = std::vector<Transition>;

}  // namespace

TEST_CASE("failure probability hovering around the line raises exactly once", "[streaming]") {
  AlertState state(failure_probability_thresholds());
  CHECK_FALSE(state.active());
  CHECK(state.observe(0.5) == std::nullopt);
  CHECK(state.observe(0.69) == std::nullopt);
  CHECK(state.observe(0.7) == Transition::raised);  // raise at >= 0.7
  CHECK(state.active());
  CHECK(transitions_of(state, {0.69, 0.71, 0.65, 0.7, 0.6, 0.95, 0.61}).empty());
  CHECK(state.active());
}

TEST_CASE("failure probability recovery clears once and a second excursion raises again", "[streaming]") {
  AlertState state(failure_probability_thresholds());
  CHECK(transitions_of(state, {0.2, 0.75, 0.8, 0.65, 0.6}) == T{Transition::raised});
  CHECK(state.observe(0.59) == Transition::cleared);  // clear below 0.6
  CHECK_FALSE(state.active());
  CHECK(transitions_of(state, {0.1, 0.65, 0.69, 0.3}).empty());
  CHECK(transitions_of(state, {0.9, 0.2, 0.99}) == T{Transition::raised, Transition::cleared, Transition::raised});
}

TEST_CASE("remaining life in hours alerts when low", "[streaming]") {
  AlertState state(rul_hours_thresholds());
  CHECK(transitions_of(state, {100, 30, 24.5}).empty());
  CHECK(state.observe(24) == Transition::raised);  // raise at <= 24
  CHECK(transitions_of(state, {25, 29, 30, 12, 30}).empty());
  CHECK(state.observe(30.5) == Transition::cleared);  // clear above 30
  CHECK(transitions_of(state, {28, 26, 20, 31}) == T{Transition::raised, Transition::cleared});
}

TEST_CASE("a missing score changes no alert", "[streaming]") {
  AlertState state(failure_probability_thresholds());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(state.observe(nan) == std::nullopt);
  CHECK(state.observe(0.8) == Transition::raised);
  CHECK(state.observe(nan) == std::nullopt);
  CHECK(state.active());
}

TEST_CASE("an alert state can resume active after a restart", "[streaming]") {
  AlertState state(failure_probability_thresholds(), true);
  CHECK(state.observe(0.9) == std::nullopt);
  CHECK(state.observe(0.1) == Transition::cleared);
}

TEST_CASE("alert thresholds must leave room to recover", "[streaming]") {
  CHECK_THROWS_WITH(AlertState(AlertThresholds{0.6, 0.7, AlertDirection::high_is_bad}),
                    "high_is_bad alert with raise_at 0.600000 and clear_at 0.700000: clear_at must not exceed raise_at");
  CHECK_THROWS_WITH(AlertState(AlertThresholds{30, 24, AlertDirection::low_is_bad}),
                    "low_is_bad alert with raise_at 30.000000 and clear_at 24.000000: clear_at must not be below raise_at");
  CHECK_THROWS_AS(AlertState(AlertThresholds{std::nan(""), 0.5, AlertDirection::high_is_bad}), AlertConfigError);
  // Equal thresholds are a plain line, without a band.
  AlertState line(AlertThresholds{0.5, 0.5, AlertDirection::high_is_bad});
  CHECK(transitions_of(line, {0.5, 0.49, 0.5}) == T{Transition::raised, Transition::cleared, Transition::raised});
}

TEST_CASE("transitions have names", "[streaming]") {
  CHECK(aegis::streaming::to_string(Transition::raised) == "raised");
  CHECK(aegis::streaming::to_string(Transition::cleared) == "cleared");
}
