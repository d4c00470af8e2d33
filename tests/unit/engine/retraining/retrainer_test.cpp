#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <set>
#include <thread>

#include "engine/retraining/model_rollback.hpp"
#include "engine/retraining/retrain_data.hpp"
#include "engine/retraining/retrain_jobs.hpp"
#include "engine/retraining/retrain_pointer.hpp"
#include "engine/scoring/feature_sets.hpp"
#include "tests/support/gate.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/retrain_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;

namespace {

// A store with `units` labelled units of 60 hourly readings and the test models.
struct Store {
  test::TempDir dir;
  store::Database database{{.path = dir / "aegis.db"}};
  telemetry::TelemetryStore telemetry{database};
  models::ModelRegistry registry{database, dir / "models"};
  profiles::ProfileCatalog catalog;

  explicit Store(int units) {
    const auto names = test::unit_names(units);
    for (std::size_t i = 0; i < names.size(); ++i) {
      telemetry.insert(profiles::ai4i_profile(), test::labelled_history("P1", names[i], 60, i % 2 == 0, 0, 60));
    }
    test::install_test_models(registry);
  }
};

// A checkpoint hook that holds a run at `step`: it tells `reached`, then
// waits until the test opens `gate`.
std::function<void(std::string_view)> hold_at(std::string step, std::promise<void>& reached, test::Gate& gate) {
  return [step = std::move(step), &reached, &gate](std::string_view at) {
    if (at == step) {
      reached.set_value();
      gate.wait();
    }
  };
}

std::set<std::string> groups_of(const retraining::ExamplePool& pool) {
  const auto& groups = pool.examples().groups;
  return {groups.begin(), groups.end()};
}

}  // namespace

TEST_CASE("Held-out and calibration units never give training windows; old and new split at the pointer",
          "[retraining]") {
  Store store(20);
  const auto profile = profiles::ai4i_profile();
  const auto pointer = *time::parse_iso8601("2024-01-02T20:00:00Z");  // hour 44
  const auto data = retraining::gather_windows(store.telemetry, {.profile = &profile,
                                                                 .feature_set = scoring::kSeedWindow,
                                                                 .task = training::Task::rul,
                                                                 .new_after = pointer,
                                                                 .split_old = true});
  CHECK(data.units == 20);
  REQUIRE_FALSE(data.held_out.empty());
  REQUIRE_FALSE(data.calibration.empty());
  auto training_groups = groups_of(data.fresh);
  const auto old_groups = groups_of(data.old);
  training_groups.insert(old_groups.begin(), old_groups.end());
  for (const auto& group : groups_of(data.held_out)) CHECK_FALSE(training_groups.contains(group));
  for (const auto& group : groups_of(data.calibration)) CHECK_FALSE(training_groups.contains(group));
  for (const auto end : data.fresh.examples().window_ends) CHECK(end > pointer);
  for (const auto end : data.old.examples().window_ends) CHECK(end <= pointer);
  // Stride 5 from the last reading (hour 59): hours 59, 54, 49 are new.
  CHECK(data.fresh.size() == 3 * groups_of(data.fresh).size());
  CHECK(data.newest_reading == *time::parse_iso8601("2024-01-03T11:00:00Z"));
}

TEST_CASE("An incremental run boosts onto the promoted model and moves the pointer with the promotion",
          "[retraining]") {
  Store store(12);
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog,
                                  {.threads = 1, .tolerance = 1.0, .incremental_rounds = 7});
  const auto before = store.registry.get("xgb_classifier");
  const retraining::RetrainRequest request{.model_name = "xgb_classifier", .task = training::Task::classification};
  CHECK(retrainer.new_rows(request) == 12 * 60);  // no pointer yet: everything is new
  const auto outcome = retrainer.run(request);
  CHECK(outcome.incremental);
  CHECK(outcome.promoted);
  CHECK(outcome.previous_version == before->record.version);
  const auto after = store.registry.get("xgb_classifier");
  CHECK(after->record.version == outcome.version);
  CHECK(after->booster.boosted_rounds() == before->booster.boosted_rounds() + 7);
  CHECK(after->record.sidecar.params["continued_from"] == before->record.version);
  CHECK(after->record.sidecar.trained_through == "2024-01-03T11:00:00+00:00");
  CHECK(retraining::read_pointer(store.database, "xgb_classifier") == *time::parse_iso8601("2024-01-03T11:00:00Z"));
  CHECK(retrainer.new_rows(request) == 0);
  CHECK_THROWS_AS(retrainer.run(request), retraining::RetrainRejected);
}

TEST_CASE("A second retrain while one runs is refused; the first one finishes", "[retraining]") {
  Store store(8);
  std::promise<void> reached;
  test::Gate gate;
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog,
                                  {.threads = 1, .tolerance = 1.0, .incremental_rounds = 3},
                                  hold_at("gathered", reached, gate));
  retraining::RetrainJobs jobs(retrainer, {});
  jobs.start();
  const retraining::RetrainRequest request{.model_name = "xgb_regressor", .task = training::Task::rul};
  const auto id = jobs.submit(request);
  reached.get_future().wait();
  CHECK(jobs.find(id)->status == retraining::JobStatus::running);
  CHECK_THROWS_AS(jobs.submit(request), retraining::RetrainBusy);
  gate.open();
  const auto done = jobs.wait(id);
  CHECK(done.status == retraining::JobStatus::succeeded);
  REQUIRE(done.outcome);
  CHECK(done.outcome->model_name == "xgb_regressor");
  CHECK(done.started_at.has_value());
  // Everything is learned now: nothing new is a rejection before any job.
  CHECK_THROWS_AS(jobs.submit(request), retraining::RetrainRejected);
  jobs.stop();
}

TEST_CASE("A model name that leaves the artifact folder or names a model of another task is refused",
          "[retraining]") {
  Store store(4);
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog, {.threads = 1});
  const retraining::RetrainRequest escape{.model_name = "../../../../tmp/x", .task = training::Task::classification};
  const std::string name_error =
      "model_name: invalid model name '../../../../tmp/x' (letters, digits, '_', '-' and '.', at most 64, not "
      "starting with '.')";
  CHECK_THROWS_WITH(retrainer.new_rows(escape), name_error);
  CHECK_THROWS_WITH(retrainer.run(escape), name_error);

  const retraining::RetrainRequest mismatch{.model_name = "xgb_classifier", .task = training::Task::rul,
                                            .incremental = false};
  CHECK_THROWS_AS(retrainer.run(mismatch), retraining::RetrainRejected);
  CHECK_THROWS_WITH(retrainer.run(mismatch),
                    "model_name xgb_classifier is a classification model, not a rul model: name a model of the "
                    "requested model_type");
  CHECK(store.registry.versions("xgb_classifier").size() == 1);
}

TEST_CASE("A promoted model that scores explicit features only cannot be retrained", "[retraining]") {
  Store store(4);
  const auto served = store.registry.get("xgb_classifier");
  auto sidecar = served->record.sidecar;
  sidecar.feature_set = scoring::kExplicitFeatures;  // as an import with a feature order of its own records it
  std::swap(sidecar.feature_names[0], sidecar.feature_names[1]);
  store.registry.install("xgb_classifier", served->booster, sidecar, true);
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog, {.threads = 1});
  const retraining::RetrainRequest request{.model_name = "xgb_classifier", .task = training::Task::classification};
  const std::string message =
      "model xgb_classifier scores explicit features only (it was imported with a feature order of its own); "
      "retraining builds its windows from telemetry with a profile's recipe, so it cannot retrain this model: "
      "import one whose features follow the recipe, or retrain it where it was trained";
  CHECK_THROWS_WITH(retrainer.new_rows(request), message);
  CHECK_THROWS_AS(retrainer.run(request), retraining::RetrainRejected);
  CHECK(store.registry.versions("xgb_classifier").size() == 2);
}

TEST_CASE("Held-out units without failure windows cannot judge a classifier unless forced", "[retraining]") {
  test::TempDir dir;
  store::Database database{{.path = dir / "aegis.db"}};
  telemetry::TelemetryStore telemetry{database};
  models::ModelRegistry registry{database, dir / "models"};
  profiles::ProfileCatalog catalog;
  for (const auto& name : test::unit_names(10)) {
    telemetry.insert(profiles::ai4i_profile(), test::labelled_history("P1", name, 60, false, 0, 60));
  }
  test::install_test_models(registry);
  const auto before = registry.get("xgb_classifier")->record.version;
  retraining::Retrainer retrainer(database, telemetry, registry, catalog,
                                  {.threads = 1, .tolerance = 1.0, .incremental_rounds = 3});
  retraining::RetrainRequest request{.model_name = "xgb_classifier", .task = training::Task::classification};
  CHECK_THROWS_WITH(retrainer.run(request),
                    "held-out units have no failure windows: cannot judge the candidate; retry with force: true");
  CHECK(registry.versions("xgb_classifier").size() == 1);
  CHECK_FALSE(retraining::read_pointer(database, "xgb_classifier").has_value());

  request.force = true;
  const auto forced = retrainer.run(request);
  CHECK(forced.promoted);
  CHECK(forced.decision == "held-out units have no failure windows, so f1 cannot judge the candidate: promoted "
                           "because forced");
  CHECK(registry.get("xgb_classifier")->record.version == forced.version);
  CHECK(forced.previous_version == before);
}

TEST_CASE("A rollback during training keeps the candidate unpromoted and the rolled-back version serving",
          "[retraining]") {
  Store store(12);
  const auto first = store.registry.get("xgb_classifier");
  auto sidecar = first->record.sidecar;
  const auto second = store.registry.install("xgb_classifier", first->booster, sidecar, true);  // the run's baseline
  std::promise<void> reached;
  test::Gate gate;
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog,
                                  {.threads = 1, .tolerance = 1.0, .incremental_rounds = 3},
                                  hold_at("trained", reached, gate));
  const retraining::RetrainRequest request{.model_name = "xgb_classifier", .task = training::Task::classification};
  auto running = std::async(std::launch::async, [&] { return retrainer.run(request); });
  reached.get_future().wait();
  const auto rollback = retraining::roll_back(store.registry, "xgb_classifier");
  gate.open();
  const auto outcome = running.get();

  CHECK(rollback.version == first->record.version);
  CHECK(outcome.previous_version == second.version);
  CHECK_FALSE(outcome.promoted);
  CHECK_THAT(outcome.decision,
             Catch::EndsWith(": not worse; not promoted: version " + first->record.version +
                             " was promoted while the run trained (it started from " + second.version +
                             "), so that version keeps serving and the candidate is kept unpromoted"));
  CHECK(store.registry.get("xgb_classifier")->record.version == first->record.version);
  const auto all = store.registry.versions("xgb_classifier");
  REQUIRE(all.size() == 3);
  CHECK(all[0].version == outcome.version);
  CHECK_FALSE(all[0].promoted);
  CHECK_FALSE(all[0].promoted_at.has_value());
  // The pointer is the one the rollback wrote (the first version's), not the candidate's.
  CHECK_FALSE(retraining::read_pointer(store.database, "xgb_classifier").has_value());
}

namespace {

// Polls until `done` holds, for at most `limit`.
template <class Condition>
bool within(std::chrono::milliseconds limit, Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

}  // namespace

TEST_CASE("Scheduled retraining runs once enough readings are new, and not again until more arrive",
          "[retraining]") {
  Store store(8);  // 480 readings, none learned yet
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog,
                                  {.threads = 1, .tolerance = 1.0, .incremental_rounds = 3});
  const retraining::RetrainRequest regressor{.model_name = "xgb_regressor", .task = training::Task::rul};
  const auto before = store.registry.get("xgb_regressor")->record.version;

  SECTION("below min_new_rows nothing runs") {
    retraining::RetrainJobs jobs(retrainer, {.interval = std::chrono::seconds(1), .min_new_rows = 481,
                                             .models = {regressor}});
    jobs.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two checks
    jobs.stop();
    CHECK(store.registry.get("xgb_regressor")->record.version == before);
    CHECK_FALSE(retraining::read_pointer(store.database, "xgb_regressor").has_value());
  }

  SECTION("at min_new_rows the model is retrained and promoted, once") {
    retraining::RetrainJobs jobs(retrainer, {.interval = std::chrono::seconds(1), .min_new_rows = 480,
                                             .models = {regressor}});
    jobs.start();
    REQUIRE(within(std::chrono::seconds(30),
                   [&] { return retraining::read_pointer(store.database, "xgb_regressor").has_value(); }));
    const auto promoted = store.registry.get("xgb_regressor")->record.version;
    CHECK(promoted != before);
    CHECK(retraining::read_pointer(store.database, "xgb_regressor") == *time::parse_iso8601("2024-01-03T11:00:00Z"));
    CHECK(retrainer.new_rows(regressor) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two more checks, nothing new
    jobs.stop();
    CHECK(store.registry.get("xgb_regressor")->record.version == promoted);
  }
}
