#include "drivers/simulator/ai4i_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "drivers/simulator/ai4i_physics.hpp"
#include "drivers/simulator/random.hpp"

namespace aegis::simulator {
namespace {

constexpr double kWalkPersistence = 0.995;

// A mean-reverting random walk of `count` steps, rescaled to the given mean
// and standard deviation ("a random walk process later normalised").
std::vector<double> normalised_walk(Random& random, std::size_t count, double mean, double sd) {
  std::vector<double> walk(count);
  double state = random.normal(0.0, 1.0 / std::sqrt(1.0 - kWalkPersistence * kWalkPersistence));
  for (auto& value : walk) {
    state = kWalkPersistence * state + random.normal(0.0, 1.0);
    value = state;
  }
  if (count < 2) return std::vector<double>(count, mean);
  double sum = 0.0;
  for (double value : walk) sum += value;
  const double walk_mean = sum / static_cast<double>(count);
  double squares = 0.0;
  for (double value : walk) squares += (value - walk_mean) * (value - walk_mean);
  const double walk_sd = std::sqrt(squares / static_cast<double>(count));
  for (auto& value : walk) value = mean + (walk_sd > 0.0 ? sd * (value - walk_mean) / walk_sd : 0.0);
  return walk;
}

std::string draw_variant(Random& random) {
  const double u = random.uniform();
  return u < 0.5 ? "L" : u < 0.8 ? "M" : "H";
}

// The single tool the snapshot rows share, replaced or failing at its life.
class Tool {
 public:
  Tool(Random& random, double failure_share) : random_(random), failure_share_(failure_share) { renew(); }

  // Wear shown by the next row, and whether the tool fails in that row.
  std::pair<double, bool> before_use() {
    if (wear_ < life_) return {wear_, false};
    if (random_.chance(failure_share_)) {
      fails_now_ = true;
      return {wear_, true};
    }
    renew();
    return {wear_, false};
  }
  void use(std::string_view type) {
    if (fails_now_) {
      renew();
      return;
    }
    wear_ += wear_per_use_min(type);
  }

 private:
  void renew() {
    wear_ = 0.0;
    fails_now_ = false;
    life_ = random_.uniform(kToolLifeMinMin, kToolLifeMaxMin);
  }
  Random& random_;
  double failure_share_;
  double wear_ = 0.0;
  double life_ = 0.0;
  bool fails_now_ = false;
};

std::optional<FailureMode> first_failure(const datasets::Ai4iRow& row, bool tool_fails, bool random_failure) {
  if (tool_fails) return FailureMode::ToolWear;
  if (heat_dissipation_condition(row.air_temperature_K, row.process_temperature_K, row.rotational_speed_rpm)) {
    return FailureMode::HeatDissipation;
  }
  if (power_condition(row.torque_Nm, row.rotational_speed_rpm)) return FailureMode::Power;
  if (overstrain_condition(row.type, row.tool_wear_min, row.torque_Nm)) return FailureMode::Overstrain;
  if (random_failure) return FailureMode::Random;
  return std::nullopt;
}

}  // namespace

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

std::int64_t ai4i_serial(std::string_view type, std::int64_t number) {
  check_variant(type);
  return (type == "L" ? 47179 : type == "M" ? 14859 : 29413) + number;
}

std::vector<datasets::Ai4iRow> simulate_snapshots(const SnapshotOptions& options) {
  if (options.tool_failure_share < 0.0 || options.tool_failure_share > 1.0) {
    throw std::invalid_argument("tool_failure_share must be between 0 and 1");
  }
  Random random(options.seed);
  const auto air = normalised_walk(random, options.rows, 300.0, 2.0);
  const auto gap = normalised_walk(random, options.rows, 10.0, 1.0);
  Tool tool(random, options.tool_failure_share);

  std::vector<datasets::Ai4iRow> rows;
  rows.reserve(options.rows);
  for (std::size_t i = 0; i < options.rows; ++i) {
    datasets::Ai4iRow row;
    row.udi = static_cast<std::int64_t>(i) + 1;
    row.type = draw_variant(random);
    row.product_id = row.type + std::to_string(ai4i_serial(row.type, row.udi));
    row.air_temperature_K = round_to(air[i], 1);
    row.process_temperature_K = round_to(air[i] + gap[i], 1);
    const double torque = std::max(0.0, random.normal(40.0, 10.0));
    row.torque_Nm = round_to(torque, 1);
    row.rotational_speed_rpm = round_to(std::max(0.0, nominal_speed_rpm(torque) + random.normal(0.0, 50.0)), 0);
    const auto [wear, tool_fails] = tool.before_use();
    row.tool_wear_min = wear;
    tool.use(row.type);
    const bool random_failure = random.chance(kRandomFailureProbability);

    const auto failure = first_failure(row, tool_fails, random_failure);
    row.target = failure ? 1 : 0;
    row.failure_type = failure ? failure_type_name(*failure) : std::string(kNoFailure);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace aegis::simulator
