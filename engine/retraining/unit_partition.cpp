#include "engine/retraining/unit_partition.hpp"

#include <algorithm>
#include <cstdint>

namespace aegis::retraining {
namespace {

constexpr double kCalibrationFraction = 0.2;

}  // namespace

double unit_position(const telemetry::UnitKey& unit, std::string_view salt) {
  // FNV-1a and a fixed finaliser: defined bit for bit, so the roles are the same on every
  // platform and in every release.
  std::uint64_t hash = 14695981039346656037ull;
  auto mix = [&](std::string_view text) {
    for (const char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ull;
    }
  };
  mix(salt);
  mix(unit.product_id);
  mix("/");
  mix(unit.unit_id);
  // FNV-1a spreads similar names poorly over the high bits; the MurmurHash3
  // finaliser mixes every input bit into them.
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ull;
  hash ^= hash >> 33;
  return static_cast<double>(hash >> 11) / static_cast<double>(1ull << 53);
}

std::vector<UnitRole> assign_roles(const std::vector<telemetry::UnitKey>& units, double holdout_fraction,
                                   bool calibrate) {
  std::vector<UnitRole> roles(units.size(), UnitRole::fit);
  std::vector<double> position(units.size());
  std::size_t held = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    position[i] = unit_position(units[i], "holdout");
    if (position[i] < holdout_fraction) {
      roles[i] = UnitRole::held_out;
      ++held;
    }
  }
  if (units.size() >= 2) {
    // Few units: a threshold can pick none or all; keep one on each side,
    // choosing by position so the choice stays stable.
    const auto by_position = [&](std::size_t a, std::size_t b) { return position[a] < position[b]; };
    std::vector<std::size_t> order(units.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), by_position);
    if (held == 0) roles[order.front()] = UnitRole::held_out;
    if (held == units.size()) roles[order.back()] = UnitRole::fit;
  }
  if (calibrate) {
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (roles[i] == UnitRole::fit && unit_position(units[i], "calibration") < kCalibrationFraction) {
        roles[i] = UnitRole::calibration;
      }
    }
    if (std::none_of(roles.begin(), roles.end(), [](UnitRole role) { return role == UnitRole::fit; })) {
      for (auto& role : roles) {
        if (role == UnitRole::calibration) role = UnitRole::fit;  // training needs units more than intervals do
      }
    }
  }
  return roles;
}

}  // namespace aegis::retraining
