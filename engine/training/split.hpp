#pragma once
// Held-out splits that never leak: by unit for time series (no window of a
// test unit is seen in training), stratified by label for snapshots.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/training/examples.hpp"

namespace aegis::training {

struct Split {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

// Whole groups go to one side; `test_fraction` of the groups (at least one)
// are held out, chosen by a seeded shuffle.
Split split_by_group(const std::vector<std::string>& groups, double test_fraction, std::uint64_t seed);

// Cross-fitting folds: whole groups dealt round-robin into `folds` folds after
// a seeded shuffle; the fold (0 .. folds-1) of each row. Fewer groups than
// folds: one fold per group.
std::vector<int> group_folds(const std::vector<std::string>& groups, int folds, std::uint64_t seed);

// Per label value, `test_fraction` of its rows are held out (seeded shuffle).
Split stratified_split(const std::vector<float>& labels, double test_fraction, std::uint64_t seed);

}  // namespace aegis::training
