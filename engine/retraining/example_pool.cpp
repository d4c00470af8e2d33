#include "engine/retraining/example_pool.hpp"

#include <algorithm>
#include <numeric>

namespace aegis::retraining {

ExamplePool::ExamplePool(std::size_t capacity, std::uint64_t seed) : capacity_(capacity), random_(seed) {}

void ExamplePool::offer(const training::Examples& source, std::size_t row) {
  if (examples_.feature_names.empty()) {
    examples_.feature_names = source.feature_names;
    examples_.feature_set = source.feature_set;
    examples_.rul_cap = source.rul_cap;
    examples_.set.cols = source.set.cols;
  }
  ++seen_;
  if (examples_.set.rows < capacity_) {
    examples_.set.features.resize((examples_.set.rows + 1) * examples_.set.cols);
    examples_.set.labels.push_back(0);
    examples_.groups.emplace_back();
    examples_.window_ends.emplace_back();
    write(examples_.set.rows++, source, row);
    return;
  }
  // Keep the new row with probability capacity / seen, in a random slot.
  const std::size_t slot = static_cast<std::size_t>(random_() % seen_);
  if (slot < capacity_) write(slot, source, row);
}

void ExamplePool::write(std::size_t slot, const training::Examples& source, std::size_t row) {
  const auto cols = static_cast<std::ptrdiff_t>(source.set.cols);
  const auto from = source.set.features.begin() + static_cast<std::ptrdiff_t>(row) * cols;
  std::copy(from, from + cols, examples_.set.features.begin() + static_cast<std::ptrdiff_t>(slot) * cols);
  examples_.set.labels[slot] = source.set.labels[row];
  examples_.groups[slot] = source.groups[row];
  examples_.window_ends[slot] = source.window_ends[row];
}

training::Examples ExamplePool::sample(std::size_t count, std::uint64_t seed) const {
  if (count >= size()) return examples_;
  std::vector<std::size_t> rows(size());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  std::mt19937_64 random(seed);
  for (std::size_t i = 0; i < count; ++i) {  // partial Fisher-Yates
    const std::size_t j = i + static_cast<std::size_t>(random() % (rows.size() - i));
    std::swap(rows[i], rows[j]);
  }
  rows.resize(count);
  std::sort(rows.begin(), rows.end());
  return training::select_rows(examples_, rows);
}

training::Examples concatenate(const training::Examples& a, const training::Examples& b) {
  if (a.set.rows == 0) return b;
  training::Examples out = a;
  out.set.features.insert(out.set.features.end(), b.set.features.begin(), b.set.features.end());
  out.set.labels.insert(out.set.labels.end(), b.set.labels.begin(), b.set.labels.end());
  out.groups.insert(out.groups.end(), b.groups.begin(), b.groups.end());
  out.window_ends.insert(out.window_ends.end(), b.window_ends.begin(), b.window_ends.end());
  out.set.rows += b.set.rows;
  return out;
}

}  // namespace aegis::retraining
