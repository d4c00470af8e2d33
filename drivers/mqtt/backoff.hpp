#pragma once
// Capped exponential backoff with full jitter: before retry n the caller
// waits uniform(0, min(cap, base * 2^n)). Jitter spreads a fleet of gateways
// that lost the same broker so they do not all knock again at the same
// instant when it comes back; the cap bounds how stale a recovery can be.
#include <chrono>
#include <cstdint>
#include <random>

namespace aegis::mqtt {

class Backoff {
 public:
  // Throws std::invalid_argument when base is not positive or cap < base.
  // The same seed gives the same delays (tests); the default seed is random.
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed = std::random_device{}());

  // The delay to wait before the next attempt; counts the attempt.
  std::chrono::milliseconds next();
  // After a success: the next failure starts again from `base`.
  void reset() { attempt_ = 0; }

  // Failed attempts since the last reset.
  unsigned attempts() const { return attempt_; }
  // The upper bound of the delay `next()` will draw from now.
  std::chrono::milliseconds ceiling() const;

 private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
  unsigned attempt_ = 0;
  std::mt19937_64 engine_;
};

}  // namespace aegis::mqtt
