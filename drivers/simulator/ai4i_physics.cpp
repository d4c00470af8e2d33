#include "drivers/simulator/ai4i_physics.hpp"

#include <numbers>
#include <stdexcept>

namespace aegis::simulator {
namespace {

constexpr double kNominalPowerW = 2860.0;
constexpr double kIdleSpeedRpm = 900.0;
constexpr double kTorqueOffsetNm = 5.4;
constexpr double kRadPerSecondPerRpm = 2.0 * std::numbers::pi / 60.0;

}  // namespace

std::string failure_type_name(FailureMode mode) {
  switch (mode) {
    case FailureMode::ToolWear: return "Tool Wear Failure";
    case FailureMode::HeatDissipation: return "Heat Dissipation Failure";
    case FailureMode::Power: return "Power Failure";
    case FailureMode::Overstrain: return "Overstrain Failure";
    case FailureMode::Random: return "Random Failures";
  }
  throw std::invalid_argument("unknown failure mode");
}

void check_variant(std::string_view type) {
  if (type != "L" && type != "M" && type != "H") {
    throw std::invalid_argument("product variant must be L, M or H: '" + std::string(type) + "'");
  }
}

double wear_per_use_min(std::string_view type) {
  check_variant(type);
  return type == "H" ? 5.0 : type == "M" ? 3.0 : 2.0;
}

double overstrain_limit_minNm(std::string_view type) {
  check_variant(type);
  return type == "H" ? 13000.0 : type == "M" ? 12000.0 : 11000.0;
}

double power_W(double torque_Nm, double speed_rpm) { return torque_Nm * speed_rpm * kRadPerSecondPerRpm; }

double nominal_speed_rpm(double torque_Nm) {
  return kIdleSpeedRpm + kNominalPowerW / ((torque_Nm + kTorqueOffsetNm) * kRadPerSecondPerRpm);
}

double torque_for_speed_Nm(double speed_rpm) {
  return kNominalPowerW / ((speed_rpm - kIdleSpeedRpm) * kRadPerSecondPerRpm) - kTorqueOffsetNm;
}

bool heat_dissipation_condition(double air_K, double process_K, double speed_rpm) {
  return process_K - air_K < kHeatGapLimitK && speed_rpm < kHeatSpeedLimitRpm;
}

bool power_condition(double torque_Nm, double speed_rpm) {
  const double power = power_W(torque_Nm, speed_rpm);
  return power < kPowerMinW || power > kPowerMaxW;
}

bool overstrain_condition(std::string_view type, double tool_wear_min, double torque_Nm) {
  return tool_wear_min * torque_Nm > overstrain_limit_minNm(type);
}

}  // namespace aegis::simulator
