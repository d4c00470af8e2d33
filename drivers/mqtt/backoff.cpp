#include "drivers/mqtt/backoff.hpp"

#include <stdexcept>

namespace aegis::mqtt {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed)
    : base_(base), cap_(cap), engine_(seed) {
  if (base.count() <= 0) throw std::invalid_argument("backoff base must be positive");
  if (cap < base) throw std::invalid_argument("backoff cap must not be below its base");
}

std::chrono::milliseconds Backoff::ceiling() const {
  // Doubling stops once the cap is reached, so the shift can never overflow.
  auto bound = base_;
  for (unsigned i = 0; i < attempt_ && bound < cap_; ++i) bound *= 2;
  return bound < cap_ ? bound : cap_;
}

std::chrono::milliseconds Backoff::next() {
  const auto bound = ceiling();
  ++attempt_;
  // Drawn from the engine's raw output so a seed gives the same delays with
  // every standard library (the <random> distributions are not portable).
  const auto span = static_cast<std::uint64_t>(bound.count()) + 1;
  return std::chrono::milliseconds{static_cast<std::int64_t>(engine_() % span)};
}

}  // namespace aegis::mqtt
