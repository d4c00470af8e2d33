#include "drivers/simulator/ai4i_timeseries_simulator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "drivers/simulator/ai4i_physics.hpp"
#include "drivers/simulator/ai4i_simulator.hpp"
#include "drivers/simulator/machine_tool.hpp"
#include "drivers/simulator/random.hpp"

namespace aegis::simulator {
namespace {

constexpr FailureMode kSimulatedModes[] = {FailureMode::HeatDissipation, FailureMode::Power, FailureMode::Overstrain,
                                           FailureMode::ToolWear};
// Healthy readings keep this far from the conditions.
constexpr double kHealthyMinGapK = 9.0;
constexpr double kHealthyMinPowerW = 3800.0;
constexpr double kHealthyMaxPowerW = 8700.0;
constexpr double kHealthyOverstrainShare = 0.9;

struct MachinePlan {
  std::size_t number = 0;  // 1-based
  std::string type;
  int steps = 0;
  std::optional<FailureMode> mode;
  int window_start = 0;  // first step of the failure window; == steps when healthy
};

// One step's physical state before rounding.
struct State {
  double air = 0.0, gap = 0.0, torque = 0.0, speed_noise = 0.0, wear = 0.0;
  std::optional<double> speed;  // set when a degradation drives speed itself
};

// Where a failing machine's readings end up; drawn once per machine.
struct FailurePoint {
  double gap = 0.0, speed = 0.0, torque = 0.0, wear = 0.0;
};

void check_options(const TimeSeriesOptions& options) {
  if (options.min_steps < 1) throw std::invalid_argument("min_steps must be at least 1");
  if (options.max_steps < options.min_steps) throw std::invalid_argument("max_steps must be at least min_steps");
  if (!(options.failure_share >= 0.0 && options.failure_share <= 1.0)) {
    throw std::invalid_argument("failure_share must be between 0 and 1");
  }
  if (!(options.healthy_rul_margin >= 0.0)) throw std::invalid_argument("healthy_rul_margin must not be negative");
}

std::vector<std::optional<FailureMode>> assign_failures(const TimeSeriesOptions& options) {
  Random random(derive_seed(options.seed, 0));
  std::vector<std::size_t> order(options.machines);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<std::size_t>(random.uniform_int(0, static_cast<std::int64_t>(i) - 1))]);
  }
  const auto failing = static_cast<std::size_t>(std::llround(options.failure_share * static_cast<double>(options.machines)));
  std::vector<std::optional<FailureMode>> modes(options.machines);
  for (std::size_t k = 0; k < failing; ++k) modes[order[k]] = kSimulatedModes[k % std::size(kSimulatedModes)];
  return modes;
}

std::string unit_id(std::size_t number, std::size_t machines) {
  std::string digits = std::to_string(number);
  const std::size_t width = std::max<std::size_t>(3, std::to_string(machines).size());
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return "UNIT_" + digits;
}

FailurePoint draw_failure_point(Random& random, const MachinePlan& plan) {
  FailurePoint point;
  switch (*plan.mode) {
    case FailureMode::HeatDissipation:
      point.gap = random.uniform(7.6, 8.3);
      point.speed = random.uniform(1290.0, 1350.0);
      point.torque = torque_for_speed_Nm(point.speed);
      break;
    case FailureMode::Power:
      point.torque = random.chance(0.5) ? random.uniform(9.0, 13.5) : random.uniform(69.5, 74.0);
      break;
    case FailureMode::Overstrain:
      point.wear = random.uniform(220.0, 240.0);
      point.torque = overstrain_limit_minNm(plan.type) * random.uniform(1.04, 1.09) / point.wear;
      break;
    case FailureMode::ToolWear:
      point.wear = random.uniform(kToolLifeMinMin, kToolLifeMaxMin);
      break;
    case FailureMode::Random:
      break;
  }
  return point;
}

std::vector<double> plan_tool_wear(Random& random, const MachinePlan& plan, const FailurePoint& point) {
  ToolSchedule schedule;  // tools replaced at 150-195 min
  if (plan.mode == FailureMode::HeatDissipation || plan.mode == FailureMode::Power) {
    schedule.replace_min = 100.0;
    schedule.replace_max = 140.0;
  }
  if (plan.mode == FailureMode::Overstrain || plan.mode == FailureMode::ToolWear) schedule.final_wear = point.wear;
  return tool_wear_series(random, plan.type, plan.steps, schedule);
}

std::vector<State> healthy_states(Random& random, const MachinePlan& plan, const std::vector<double>& wear) {
  const double base_air = std::clamp(random.normal(300.0, 2.0), 295.5, 304.5);
  const double base_gap = std::clamp(random.normal(10.0, 0.4), 9.3, 10.8);
  const double base_torque = std::clamp(random.normal(40.0, 5.0), 28.0, 50.0);
  double air_drift = 0.0, gap_drift = 0.0;
  std::vector<State> states(static_cast<std::size_t>(plan.steps));
  for (std::size_t i = 0; i < states.size(); ++i) {
    air_drift = 0.9 * air_drift + random.normal(0.0, 0.2);
    gap_drift = 0.8 * gap_drift + random.normal(0.0, 0.15);
    State& state = states[i];
    state.air = base_air + air_drift;
    state.gap = std::max(kHealthyMinGapK, base_gap + gap_drift);
    state.torque = std::clamp(base_torque + random.normal(0.0, 3.0), 20.0, 56.0);
    state.speed_noise = random.normal(0.0, 25.0);
    state.wear = wear[i];
  }
  return states;
}

// Moves the failure window's states linearly toward the failure point; the
// noise of the driven quantities fades out so the last step lands on it.
void degrade(std::vector<State>& states, const MachinePlan& plan, const FailurePoint& point) {
  const int window = plan.steps - plan.window_start;
  for (int step = plan.window_start; step < plan.steps; ++step) {
    const double progress = static_cast<double>(step - plan.window_start + 1) / window;
    const double fade = 1.0 - progress;
    State& state = states[static_cast<std::size_t>(step)];
    const auto toward = [&](double healthy, double target) { return fade * healthy + progress * target; };
    switch (*plan.mode) {
      case FailureMode::HeatDissipation:
        state.gap = toward(state.gap, point.gap);
        state.speed = toward(nominal_speed_rpm(state.torque) + state.speed_noise, point.speed);
        state.torque = toward(state.torque, point.torque);
        break;
      case FailureMode::Power:
        state.torque = toward(state.torque, point.torque);
        state.speed_noise *= fade;
        break;
      case FailureMode::Overstrain:
        state.wear = std::max(state.wear, toward(state.wear, point.wear));
        state.torque = toward(state.torque, point.torque);
        state.speed_noise *= fade;
        break;
      case FailureMode::ToolWear:
        state.wear = std::max(state.wear, toward(state.wear, point.wear));
        break;
      case FailureMode::Random:
        break;
    }
  }
}

// Keeps a state that is not being driven toward a failure clear of every
// failure condition.
void keep_healthy(State& state, std::string_view type) {
  state.torque = std::min(state.torque, kHealthyOverstrainShare * overstrain_limit_minNm(type) / std::max(state.wear, 1.0));
  const double speed = nominal_speed_rpm(state.torque) + state.speed_noise;
  const double watts_per_rpm = power_W(state.torque, 1.0);
  state.speed = std::clamp(speed, kHealthyMinPowerW / watts_per_rpm, kHealthyMaxPowerW / watts_per_rpm);
}

telemetry::Reading to_reading(const State& state, const MachinePlan& plan, int step, const TimeSeriesOptions& options) {
  telemetry::Reading reading;
  reading.product_id = plan.type + std::to_string(ai4i_serial(plan.type, static_cast<std::int64_t>(plan.number)));
  reading.unit_id = unit_id(plan.number, options.machines);
  reading.timestamp = options.start + std::chrono::hours(step);
  reading.step_index = step;
  reading.engine_type = plan.type;
  const double speed = state.speed ? *state.speed : nominal_speed_rpm(state.torque) + state.speed_noise;
  reading.values = {round_to(state.air, 1), round_to(state.air + state.gap, 1), round_to(speed, 0),
                    round_to(state.torque, 1), round_to(state.wear, 0)};
  const int last = plan.steps - 1;
  const bool failing = plan.mode.has_value();
  const bool marked = failing && (options.label_whole_window ? step >= plan.window_start : step == last);
  reading.labels.is_failure = marked ? 1 : 0;
  reading.labels.failure_type = marked ? failure_type_name(*plan.mode) : std::string(kNoFailure);
  reading.labels.rul = static_cast<double>(last - step) + (failing ? 0.0 : options.healthy_rul_margin);
  return reading;
}

void simulate_machine(const MachinePlan& base, const TimeSeriesOptions& options, std::vector<telemetry::Reading>& out) {
  Random random(derive_seed(options.seed, base.number));
  MachinePlan plan = base;
  const double variant = random.uniform();
  plan.type = variant < 0.5 ? "L" : variant < 0.8 ? "M" : "H";
  plan.steps = static_cast<int>(random.uniform_int(options.min_steps, options.max_steps));
  plan.window_start = plan.steps;
  FailurePoint point;
  if (plan.mode) {
    const int window = std::clamp(static_cast<int>(std::lround(plan.steps * random.uniform(0.05, 0.5))), 1, plan.steps);
    plan.window_start = plan.steps - window;
    point = draw_failure_point(random, plan);
  }
  const auto wear = plan_tool_wear(random, plan, point);
  auto states = healthy_states(random, plan, wear);
  if (plan.mode) degrade(states, plan, point);
  for (int step = 0; step < plan.steps; ++step) {
    State& state = states[static_cast<std::size_t>(step)];
    // A tool-wear machine stays healthy in every other respect as its wear
    // climbs; the other modes' windows are driven and left as they are.
    const bool driven = plan.mode && step >= plan.window_start && plan.mode != FailureMode::ToolWear;
    if (!driven) keep_healthy(state, plan.type);
    out.push_back(to_reading(state, plan, step, options));
  }
}

}  // namespace

std::vector<telemetry::Reading> simulate_timeseries(const TimeSeriesOptions& options) {
  check_options(options);
  const auto modes = assign_failures(options);
  std::vector<telemetry::Reading> readings;
  readings.reserve(options.machines * static_cast<std::size_t>(options.max_steps));
  for (std::size_t i = 0; i < options.machines; ++i) {
    MachinePlan plan;
    plan.number = i + 1;
    plan.mode = modes[i];
    simulate_machine(plan, options, readings);
  }
  return readings;
}

}  // namespace aegis::simulator
