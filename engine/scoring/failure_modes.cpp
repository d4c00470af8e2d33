#include "engine/scoring/failure_modes.hpp"

namespace aegis::scoring {

std::string likeliest_failure_mode(std::span<const float> probabilities, const std::vector<std::string>& classes) {
  std::string best = kUnknownFailure;
  float best_probability = -1;
  for (std::size_t k = 0; k < probabilities.size() && k < classes.size(); ++k) {
    if (classes[k] == kNoFailure) continue;
    if (probabilities[k] > best_probability) {
      best_probability = probabilities[k];
      best = classes[k];
    }
  }
  return best;
}

}  // namespace aegis::scoring
