#pragma once
// Random numbers that are the same on every platform for the same seed.
// std::mt19937_64 is specified to the bit, but the standard library's
// distributions are not (libstdc++, libc++ and MSVC turn the same engine
// output into different normal or uniform values), so the simulator draws
// through this class only: uniforms from the top 53 bits of the engine and
// normals by Marsaglia's polar method. The polar method needs std::log and
// std::sqrt; sqrt is exact under IEEE 754 and glibc's log is accurate to
// well under an ulp on x86-64 and aarch64 alike, and the simulator rounds its
// outputs to a tenth anyway, so generated files are byte-identical across
// the gateway's platforms.
#include <cstdint>
#include <optional>
#include <random>

namespace aegis::simulator {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), from the engine's top 53 bits.
  double uniform();
  // Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [low, high], both included.
  std::int64_t uniform_int(std::int64_t low, std::int64_t high);
  // Normal with the given mean and standard deviation (Marsaglia polar).
  double normal(double mean, double sd);
  // True with the given probability.
  bool chance(double probability) { return uniform() < probability; }

 private:
  std::mt19937_64 engine_;
  std::optional<double> spare_normal_;
};

// An independent seed for stream `stream` of a run seeded with `seed`
// (SplitMix64 finaliser), so e.g. one machine's series does not change when
// another machine is added.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream);

}  // namespace aegis::simulator
