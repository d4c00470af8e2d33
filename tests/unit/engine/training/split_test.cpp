#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/training/split.hpp"

using aegis::training::group_folds;

TEST_CASE("Cross-fitting folds keep each group whole and use every fold", "[split]") {
  const std::vector<std::string> groups = {"a", "a", "b", "c", "c", "c", "d", "e", "e", "f"};
  const auto fold = group_folds(groups, 3, 7);
  REQUIRE(fold.size() == groups.size());
  std::map<std::string, int> of;
  std::map<int, int> groups_per_fold;
  for (std::size_t row = 0; row < groups.size(); ++row) {
    const auto [found, fresh] = of.emplace(groups[row], fold[row]);
    if (fresh) ++groups_per_fold[fold[row]];
    CHECK(found->second == fold[row]);  // a group never spans two folds
  }
  CHECK(groups_per_fold == std::map<int, int>{{0, 2}, {1, 2}, {2, 2}});  // 6 groups dealt round-robin
  CHECK(group_folds(groups, 3, 7) == fold);                            // seeded: the same folds again

  const auto few = group_folds({"a", "b", "a"}, 5, 1);  // fewer groups than folds: one fold each
  CHECK(std::set<int>(few.begin(), few.end()).size() == 2);
  CHECK(few[0] == few[2]);
}
