#include "drivers/simulator/random.hpp"

#include <cmath>
#include <stdexcept>

namespace aegis::simulator {

double Random::uniform() {
  constexpr double two_to_minus_53 = 1.0 / 9007199254740992.0;
  return static_cast<double>(engine_() >> 11) * two_to_minus_53;
}

std::int64_t Random::uniform_int(std::int64_t low, std::int64_t high) {
  if (high < low) throw std::invalid_argument("uniform_int: empty range");
  const double span = static_cast<double>(high - low) + 1.0;
  const auto offset = static_cast<std::int64_t>(std::floor(uniform() * span));
  return low + (offset > high - low ? high - low : offset);
}

double Random::normal(double mean, double sd) {
  if (spare_normal_) {
    const double value = *spare_normal_;
    spare_normal_.reset();
    return mean + sd * value;
  }
  double u = 0.0, v = 0.0, s = 0.0;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  return mean + sd * u * factor;
}

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace aegis::simulator
