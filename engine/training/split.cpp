#include "engine/training/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>

namespace aegis::training {
namespace {

// A seeded Fisher-Yates shuffle on the raw engine, whose output the C++
// standard fixes, so a split is the same on every platform.
template <class T>
void shuffle(std::vector<T>& items, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  for (std::size_t i = items.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(engine() % i);
    std::swap(items[i - 1], items[j]);
  }
}

std::size_t held_out_count(std::size_t total, double fraction) {
  if (total < 2) return 0;
  const auto count = static_cast<std::size_t>(std::llround(static_cast<double>(total) * fraction));
  return std::clamp<std::size_t>(count, 1, total - 1);
}

}  // namespace

Split split_by_group(const std::vector<std::string>& groups, double test_fraction, std::uint64_t seed) {
  const std::set<std::string> unique(groups.begin(), groups.end());
  std::vector<std::string> distinct(unique.begin(), unique.end());
  shuffle(distinct, seed);
  const std::set<std::string> held_out(distinct.begin(),
                                       distinct.begin() + static_cast<std::ptrdiff_t>(held_out_count(distinct.size(), test_fraction)));
  Split split;
  for (std::size_t row = 0; row < groups.size(); ++row) {
    (held_out.contains(groups[row]) ? split.test : split.train).push_back(row);
  }
  return split;
}

std::vector<int> group_folds(const std::vector<std::string>& groups, int folds, std::uint64_t seed) {
  const std::set<std::string> unique(groups.begin(), groups.end());
  std::vector<std::string> distinct(unique.begin(), unique.end());
  shuffle(distinct, seed);
  std::map<std::string, int> fold_of;
  const auto count = static_cast<std::size_t>(std::max(1, folds));
  for (std::size_t i = 0; i < distinct.size(); ++i) fold_of[distinct[i]] = static_cast<int>(i % count);
  std::vector<int> fold(groups.size());
  for (std::size_t row = 0; row < groups.size(); ++row) fold[row] = fold_of[groups[row]];
  return fold;
}

Split stratified_split(const std::vector<float>& labels, double test_fraction, std::uint64_t seed) {
  std::map<float, std::vector<std::size_t>> by_label;
  for (std::size_t row = 0; row < labels.size(); ++row) by_label[labels[row]].push_back(row);
  Split split;
  for (auto& [label, rows] : by_label) {
    shuffle(rows, seed + static_cast<std::uint64_t>(label * 1000.0f));
    const std::size_t held = held_out_count(rows.size(), test_fraction);
    split.test.insert(split.test.end(), rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(held));
    split.train.insert(split.train.end(), rows.begin() + static_cast<std::ptrdiff_t>(held), rows.end());
  }
  std::sort(split.train.begin(), split.train.end());
  std::sort(split.test.begin(), split.test.end());
  return split;
}

}  // namespace aegis::training
