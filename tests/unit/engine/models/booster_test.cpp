#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "engine/models/booster.hpp"
#include "engine/models/training.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/engine/models/synthetic_data.hpp"

using namespace aegis::models;
using aegis::test::TempDir;

namespace {

// A fresh model per test: a Booster kept in a static would be destroyed after
// XGBoost's own globals at exit, which crashes the process.
Booster threshold_model() {
  return train(aegis::test::threshold_data(500), aegis::test::quick_binary_params());
}

std::string load_error(const std::filesystem::path& path) {
  try {
    Booster::load_file(path);
  } catch (const ModelError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("A model trained on a threshold rule predicts it", "[models]") {
  const auto& model = threshold_model();
  CHECK(model.num_features() == 4);
  CHECK(model.outputs_per_row() == 1);
  CHECK(model.boosted_rounds() == 20);

  const auto test = aegis::test::threshold_data(200, 7);
  const auto probabilities = model.predict(test.features, test.rows);
  REQUIRE(probabilities.size() == 200);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < test.rows; ++i) correct += (probabilities[i] >= 0.5f) == (test.labels[i] == 1.0f);
  CHECK(correct >= 194);

  const std::vector<float> high{0.9f, 0.5f, 0.5f, 0.5f};
  const std::vector<float> low{0.1f, 0.5f, 0.5f, 0.5f};
  CHECK(model.predict_row(high).at(0) > 0.9f);
  CHECK(model.predict_row(low).at(0) < 0.1f);
  // A missing value follows the trees' default branches rather than failing.
  const std::vector<float> missing{NAN, 0.5f, 0.5f, 0.5f};
  CHECK(std::isfinite(model.predict_row(missing).at(0)));
}

TEST_CASE("Batch and single-row predictions agree", "[models]") {
  const auto& model = threshold_model();
  const auto test = aegis::test::threshold_data(50, 11);
  const auto batch = model.predict(test.features, test.rows);
  for (std::size_t row = 0; row < test.rows; ++row) {
    const std::span<const float> features(test.features.data() + row * 4, 4);
    CHECK(model.predict_row(features).at(0) == batch[row]);
  }
  CHECK(model.predict({}, 0).empty());
}

TEST_CASE("A row with the wrong number of features is refused", "[models]") {
  const std::vector<float> three{0.1f, 0.2f, 0.3f};
  CHECK_THROWS_WITH(threshold_model().predict_row(three),
                    "prediction with trained model: expected 1 rows x 4 features = 4 values, got 3");
  const std::vector<float> nine(9, 0.5f);
  CHECK_THROWS_AS(threshold_model().predict(nine, 2), ModelError);
}

TEST_CASE("Saving and loading keeps predictions identical in JSON and UBJSON", "[models]") {
  TempDir dir;
  const auto& model = threshold_model();
  const auto test = aegis::test::threshold_data(100, 3);
  const auto expected = model.predict(test.features, test.rows);

  for (const char* name : {"model.json", "model.ubj"}) {
    INFO(name);
    const auto path = dir / name;
    model.save(path);
    const auto bytes = aegis::test::read_file(path);
    REQUIRE(bytes.size() > 2);
    CHECK(bytes[0] == '{');
    // JSON names its first key in quotes; UBJSON prefixes it with a length marker.
    CHECK((bytes[1] == '"') == (std::string(name) == "model.json"));

    const auto loaded = Booster::load_file(path);
    CHECK(loaded.num_features() == 4);
    CHECK(loaded.boosted_rounds() == 20);
    CHECK(loaded.predict(test.features, test.rows) == expected);

    const auto from_memory = Booster::load_buffer(bytes, "artifact");
    CHECK(from_memory.predict(test.features, test.rows) == expected);
  }
  // Only the final files remain: the temporary files were renamed into place.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 2);
}

TEST_CASE("Saving over an existing model replaces it", "[models]") {
  TempDir dir;
  const auto path = dir / "model.ubj";
  aegis::test::write_file(path, "old content");
  threshold_model().save(path);
  CHECK(Booster::load_file(path).boosted_rounds() == 20);
}

TEST_CASE("A model file name needs a .json or .ubj extension", "[models]") {
  TempDir dir;
  const auto path = dir / "model.bin";
  CHECK_THROWS_WITH(threshold_model().save(path),
                    "model file " + path.string() + ": unknown extension, expected .json or .ubj");
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("A missing model file gives an error naming it", "[models]") {
  TempDir dir;
  const auto path = dir / "absent.json";
  CHECK(load_error(path) == "cannot read model file " + path.string() + ": No such file or directory");
}

TEST_CASE("Broken model files give errors naming the file and XGBoost's reason", "[models]") {
  TempDir dir;
  const auto good = dir / "good.json";
  threshold_model().save(good);
  const auto json = aegis::test::read_file(good);
  threshold_model().save(dir / "good.ubj");
  const auto ubjson = aegis::test::read_file(dir / "good.ubj");

  SECTION("empty") {
    aegis::test::write_file(dir / "empty.json", "");
    CHECK(load_error(dir / "empty.json") == "cannot load model file " + (dir / "empty.json").string() + ": it is empty");
  }
  SECTION("not a model at all") {
    aegis::test::write_file(dir / "garbage.ubj", "\x7f" "ELF binary garbage");
    CHECK(load_error(dir / "garbage.ubj") ==
          "cannot load model file " + (dir / "garbage.ubj").string() + ": not an XGBoost JSON or UBJSON model");
  }
  SECTION("truncated JSON") {
    const auto path = dir / "truncated.json";
    aegis::test::write_file(path, json.substr(0, json.size() / 2));
    const auto message = load_error(path);
    INFO(message);
    CHECK_THAT(message, Catch::StartsWith("cannot load model file " + path.string() + ": "));
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.size() > ("cannot load model file " + path.string() + ": ").size());
  }
  SECTION("truncated UBJSON") {
    const auto path = dir / "truncated.ubj";
    aegis::test::write_file(path, ubjson.substr(0, ubjson.size() / 2));
    const auto message = load_error(path);
    INFO(message);
    CHECK_THAT(message, Catch::StartsWith("cannot load model file " + path.string() + ": "));
  }
  SECTION("valid JSON that is no model") {
    const auto path = dir / "other.json";
    aegis::test::write_file(path, R"({"learner": {"hello": 1}})");
    const auto message = load_error(path);
    INFO(message);
    CHECK_THAT(message,
               Catch::StartsWith("cannot load model file " + path.string() + ": XGBoost cannot read it as a model ("));
  }
}

TEST_CASE("A model cut short anywhere is refused with an error, never a crash", "[models]") {
  // XGBoost 1.7's UBJSON loader reads past the end of a cut model or
  // allocates what a cut length claims: such bytes never reach it. Its JSON
  // reader checks the end of its input itself.
  const auto model = threshold_model();
  for (const auto format : {ModelFormat::json, ModelFormat::ubjson}) {
    const auto bytes = model.serialize(format);
    const std::string whole(bytes.data(), bytes.size());
    const std::string name = format == ModelFormat::json ? "JSON" : "UBJSON";
    std::vector<std::size_t> cuts;
    for (std::size_t k = 1; k < 128; ++k) cuts.push_back(whole.size() * k / 128);
    for (std::size_t back = 1; back <= 24; ++back) cuts.push_back(whole.size() - back);
    for (const std::size_t cut : cuts) {
      INFO(name << " cut at " << cut << " of " << whole.size() << " bytes");
      try {
        Booster::load_buffer(std::string_view(whole).substr(0, cut), "upload");
        FAIL("loaded");
      } catch (const ModelError& error) {
        const std::string expected = format == ModelFormat::ubjson
                                         ? "cannot load upload: it is not a whole UBJSON document ("
                                         : "cannot load upload: ";
        CHECK_THAT(error.what(), Catch::StartsWith(expected));
      }
    }
    CHECK(Booster::load_buffer(whole, "upload").num_features() == 4);
  }
  // Bytes after a whole UBJSON document are refused too.
  const auto ubjson = model.serialize(ModelFormat::ubjson);
  CHECK_THROWS_AS(Booster::load_buffer(std::string(ubjson.data(), ubjson.size()) + "{}", "upload"), ModelError);
}

TEST_CASE("Boosters move without losing their model", "[models]") {
  auto first = Booster::load_buffer([] {
    const auto bytes = threshold_model().serialize(ModelFormat::ubjson);
    return std::string(bytes.begin(), bytes.end());
  }());
  const std::vector<float> row{0.9f, 0.1f, 0.1f, 0.1f};
  const auto expected = first.predict_row(row);
  Booster second = std::move(first);
  CHECK(second.predict_row(row) == expected);
}

TEST_CASE("Concurrent predictions on one booster equal the single-threaded ones", "[models][threads]") {
  const auto& model = threshold_model();
  const auto test = aegis::test::threshold_data(64, 5);
  const auto expected = model.predict(test.features, test.rows);

  constexpr int kThreads = 8;
  constexpr int kRounds = 40;
  std::atomic<int> mismatches{0};
  std::atomic<int> calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Single rows in a thread-specific order, plus a whole batch now and then.
        for (std::size_t i = 0; i < test.rows; ++i) {
          const std::size_t row = (i * 7 + static_cast<std::size_t>(t) * 13) % test.rows;
          const std::span<const float> features(test.features.data() + row * 4, 4);
          if (model.predict_row(features).at(0) != expected[row]) ++mismatches;
          ++calls;
        }
        if (round % 8 == 0 && model.predict(test.features, test.rows) != expected) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(calls == kThreads * kRounds * 64);
  CHECK(mismatches == 0);
}
