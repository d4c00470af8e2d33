#pragma once
// A uniform sample of at most `capacity` training windows out of a stream of
// any length (reservoir sampling, seeded): retraining walks the store one
// unit at a time and never holds more windows than its memory budget allows.
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/training/examples.hpp"

namespace aegis::retraining {

class ExamplePool {
 public:
  ExamplePool(std::size_t capacity, std::uint64_t seed);

  // Offers row `row` of `source` (a unit's windows).
  void offer(const training::Examples& source, std::size_t row);

  std::size_t seen() const { return seen_; }  // rows offered so far
  std::size_t size() const { return examples_.set.rows; }
  bool empty() const { return size() == 0; }
  const training::Examples& examples() const { return examples_; }
  // A uniform sample of `count` of the kept rows (all when count >= size()).
  training::Examples sample(std::size_t count, std::uint64_t seed) const;

 private:
  void write(std::size_t slot, const training::Examples& source, std::size_t row);

  std::size_t capacity_;
  std::size_t seen_ = 0;
  std::mt19937_64 random_;
  training::Examples examples_;
};

// `a` then `b` (same feature recipe).
training::Examples concatenate(const training::Examples& a, const training::Examples& b);

}  // namespace aegis::retraining
