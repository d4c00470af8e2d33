#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <future>
#include <latch>

#include "engine/common/sha256.hpp"
#include "engine/models/model_registry.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/unit/engine/models/synthetic_data.hpp"

using namespace aegis;
using models::ModelRegistry;

namespace {

models::Sidecar sidecar_for_four_features() {
  models::Sidecar sidecar;
  sidecar.task = "classification";
  sidecar.profile = "ai4i";
  sidecar.feature_set = "test";
  sidecar.feature_names = {"a", "b", "c", "d"};
  sidecar.metrics = {{"f1", 0.9}};
  return sidecar;
}

struct RegistryFixture {
  test::TempDir dir;
  store::Database db{{.path = dir / "r.db"}};
  ModelRegistry registry{db, dir / "models"};
  models::Booster booster = models::train(test::threshold_data(300), test::quick_binary_params());
};

}  // namespace

TEST_CASE("Installed models are written with a sidecar and served once promoted", "[registry]") {
  RegistryFixture f;
  CHECK_THROWS_AS(f.registry.get("xgb_classifier"), models::ModelUnavailable);
  CHECK_THROWS_WITH(f.registry.get("xgb_classifier"), "Model not available: xgb_classifier");

  const auto record = f.registry.install("xgb_classifier", f.booster, sidecar_for_four_features(), true);
  CHECK(record.promoted);
  CHECK(record.version.size() == 15);  // YYYYMMDD_HHMMSS
  CHECK(record.version[8] == '_');
  const auto path = models::path_from_uri(record.uri);
  CHECK(record.uri.rfind("file://", 0) == 0);
  CHECK(std::filesystem::exists(path));
  CHECK(record.sidecar.sha256 == crypto::sha256_file_hex(path));
  const auto sidecar = models::Sidecar::read(path.parent_path() / "sidecar.json");
  CHECK(sidecar.feature_names == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(sidecar.metrics["f1"] == 0.9);

  const auto served = f.registry.get("xgb_classifier");
  CHECK(served->record.version == record.version);
  CHECK(f.registry.cached_count() == 1);
  const float row[4] = {0.9f, 0.1f, 0.1f, 0.1f};
  CHECK(served->booster.predict_row(row)[0] > 0.5f);

  CHECK(f.registry.promoted().size() == 1);
  CHECK(f.registry.clear_cache() == std::vector<std::string>{record.uri});
  CHECK(f.registry.cached_count() == 0);
}

TEST_CASE("Versions are unique even within one second", "[registry]") {
  RegistryFixture f;
  const auto first = f.registry.install("m", f.booster, sidecar_for_four_features(), true);
  const auto second = f.registry.install("m", f.booster, sidecar_for_four_features(), true);
  CHECK(first.version != second.version);
  const auto all = f.registry.versions("m");
  REQUIRE(all.size() == 2);
  CHECK(all[0].version == second.version);
  CHECK(all[0].promoted);
  CHECK_FALSE(all[1].promoted);
}

TEST_CASE("A corrupt or missing promoted model is refused and the previous one keeps serving", "[registry]") {
  RegistryFixture f;
  const auto good = f.registry.install("m", f.booster, sidecar_for_four_features(), true);
  const auto bad = f.registry.install("m", f.booster, sidecar_for_four_features(), true);
  const auto bad_path = models::path_from_uri(bad.uri);

  SECTION("sha256 mismatch") {
    std::ofstream(bad_path, std::ios::app) << "tampered";
    f.registry.clear_cache();
    CHECK(f.registry.get("m")->record.version == good.version);
    // Promoting it again is refused, with the reason.
    CHECK_THROWS_WITH(f.registry.promote("m", bad.version), Catch::Contains("does not match its recorded sha256"));
  }
  SECTION("missing file") {
    std::filesystem::remove(bad_path);
    f.registry.clear_cache();
    CHECK(f.registry.get("m")->record.version == good.version);
    CHECK_THROWS_WITH(f.registry.promote("m", bad.version), Catch::Contains("is missing"));
  }
  SECTION("nothing verifies") {
    std::filesystem::remove(bad_path);
    std::filesystem::remove(models::path_from_uri(good.uri));
    f.registry.clear_cache();
    CHECK_THROWS_WITH(f.registry.get("m"), "Model not available: m");
  }
}

TEST_CASE("Promoting an earlier version switches what is served", "[registry]") {
  RegistryFixture f;
  const auto first = f.registry.install("m", f.booster, sidecar_for_four_features(), true);
  f.registry.install("m", f.booster, sidecar_for_four_features(), true);
  f.registry.promote("m", first.version);
  CHECK(f.registry.get("m")->record.version == first.version);
  CHECK(f.registry.promoted().at(0).version == first.version);
  CHECK_THROWS_AS(f.registry.promote("m", "19990101_000000"), models::ModelUnavailable);
}

TEST_CASE("Concurrent installs under one name get different versions and both verify", "[registry]") {
  RegistryFixture f;
  auto params = test::quick_binary_params();
  params.rounds += 3;
  const models::Booster other = models::train(test::threshold_data(300), params);
  std::vector<std::string> versions;
  for (int round = 0; round < 4; ++round) {
    std::latch start(2);
    auto install = [&](const models::Booster& booster) {
      start.arrive_and_wait();
      return f.registry.install("m", booster, sidecar_for_four_features(), false);
    };
    auto first = std::async(std::launch::async, install, std::cref(f.booster));
    auto second = std::async(std::launch::async, install, std::cref(other));
    const auto a = first.get();
    const auto b = second.get();
    CHECK(a.version != b.version);
    CHECK(a.uri != b.uri);
    versions.push_back(a.version);
    versions.push_back(b.version);
  }
  const auto all = f.registry.versions("m");
  REQUIRE(all.size() == 8);
  for (const auto& record : all) {
    CHECK(std::count(versions.begin(), versions.end(), record.version) == 1);
    CHECK(crypto::sha256_file_hex(models::path_from_uri(record.uri)) == record.sidecar.sha256);
    CHECK_NOTHROW(f.registry.promote("m", record.version));  // verifies file, sha256 and feature count
  }
}

TEST_CASE("A model name that is not a plain folder name is refused before anything is written", "[registry]") {
  RegistryFixture f;
  CHECK_THROWS_WITH(f.registry.install("../../x", f.booster, sidecar_for_four_features(), true),
                    "invalid model name '../../x' (letters, digits, '_', '-' and '.', at most 64, not starting with "
                    "'.')");
  CHECK_FALSE(std::filesystem::exists(f.dir / "models" / "../../x"));
  CHECK(f.registry.versions("../../x").empty());
}
