#include <catch2/catch.hpp>

#include <set>

#include "engine/retraining/example_pool.hpp"

using namespace aegis;

namespace {

// `rows` one-feature windows whose feature and label are their index.
training::Examples numbered(std::size_t rows) {
  training::Examples examples;
  examples.feature_names = {"x"};
  examples.set.cols = 1;
  for (std::size_t i = 0; i < rows; ++i) {
    examples.set.features.push_back(static_cast<float>(i));
    examples.set.labels.push_back(static_cast<float>(i));
    examples.groups.push_back("P/U" + std::to_string(i % 7));
    examples.window_ends.push_back(time::from_epoch_ms(static_cast<std::int64_t>(i)));
    ++examples.set.rows;
  }
  return examples;
}

}  // namespace

TEST_CASE("An example pool keeps at most its capacity, rows intact", "[retraining]") {
  const auto source = numbered(1000);
  retraining::ExamplePool pool(100, 1);
  for (std::size_t row = 0; row < source.set.rows; ++row) pool.offer(source, row);
  CHECK(pool.seen() == 1000);
  REQUIRE(pool.size() == 100);
  const auto& kept = pool.examples();
  std::set<float> distinct;
  for (std::size_t i = 0; i < kept.set.rows; ++i) {
    CHECK(kept.set.features[i] == kept.set.labels[i]);  // feature and label moved together
    CHECK(kept.groups[i] == "P/U" + std::to_string(static_cast<int>(kept.set.labels[i]) % 7));
    distinct.insert(kept.set.labels[i]);
  }
  CHECK(distinct.size() == 100);
  // A uniform sample reaches the end of the stream, not only its start.
  CHECK(*distinct.rbegin() > 500);
}

TEST_CASE("A pool under capacity keeps everything; samples shrink it", "[retraining]") {
  const auto source = numbered(30);
  retraining::ExamplePool pool(100, 1);
  for (std::size_t row = 0; row < source.set.rows; ++row) pool.offer(source, row);
  CHECK(pool.size() == 30);
  CHECK(pool.sample(10, 3).set.rows == 10);
  CHECK(pool.sample(50, 3).set.rows == 30);
  const auto both = retraining::concatenate(pool.sample(10, 3), pool.sample(5, 4));
  CHECK(both.set.rows == 15);
  CHECK(both.set.features.size() == 15);
  CHECK(both.window_ends.size() == 15);
}
