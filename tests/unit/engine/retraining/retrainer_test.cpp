#include <catch2/catch.hpp>

#include <future>
#include <set>

#include "engine/retraining/retrain_data.hpp"
#include "engine/retraining/retrain_jobs.hpp"
#include "engine/retraining/retrain_pointer.hpp"
#include "engine/scoring/feature_sets.hpp"
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
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> reached;
  retraining::Retrainer retrainer(store.database, store.telemetry, store.registry, store.catalog,
                                  {.threads = 1, .tolerance = 1.0, .incremental_rounds = 3},
                                  [&, released](std::string_view step) {
                                    if (step == "gathered") {
                                      reached.set_value();
                                      released.wait();
                                    }
                                  });
  retraining::RetrainJobs jobs(retrainer, {});
  jobs.start();
  const retraining::RetrainRequest request{.model_name = "xgb_regressor", .task = training::Task::rul};
  const auto id = jobs.submit(request);
  reached.get_future().wait();
  CHECK(jobs.find(id)->status == retraining::JobStatus::running);
  CHECK_THROWS_AS(jobs.submit(request), retraining::RetrainBusy);
  release.set_value();
  const auto done = jobs.wait(id);
  CHECK(done.status == retraining::JobStatus::succeeded);
  REQUIRE(done.outcome);
  CHECK(done.outcome->model_name == "xgb_regressor");
  CHECK(done.started_at.has_value());
  // Everything is learned now: nothing new is a rejection before any job.
  CHECK_THROWS_AS(jobs.submit(request), retraining::RetrainRejected);
  jobs.stop();
}
