#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/models/metrics.hpp"
#include "engine/models/sidecar.hpp"
#include "tests/support/aegisd_command.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis::test;
using namespace std::chrono_literals;

namespace {

CommandRun aegisd(const std::vector<std::string>& args, const TempDir& dir) { return run_aegisd(args, dir.path()); }

}  // namespace

TEST_CASE("simulate is deterministic for a seed and writes both layouts", "[commands]") {
  TempDir dir;
  const auto a = aegisd({"simulate", "--machines", "12", "--snapshots", "500", "--seed", "7", "--out-dir", (dir / "a").string()}, dir);
  const auto b = aegisd({"simulate", "--machines", "12", "--snapshots", "500", "--seed", "7", "--out-dir", (dir / "b").string()}, dir);
  const auto c = aegisd({"simulate", "--machines", "12", "--snapshots", "500", "--seed", "8", "--out-dir", (dir / "c").string()}, dir);
  REQUIRE(a.code == 0);
  CHECK(a.json()["machines"] == 12);
  CHECK(a.json()["snapshots"] == 500);
  CHECK(read_file(dir / "a" / "timeseries.csv") == read_file(dir / "b" / "timeseries.csv"));
  CHECK(read_file(dir / "a" / "snapshots.csv") == read_file(dir / "b" / "snapshots.csv"));
  CHECK(read_file(dir / "a" / "timeseries.csv") != read_file(dir / "c" / "timeseries.csv"));
  CHECK(read_file(dir / "a" / "timeseries.csv").rfind("product_id,unit_id,timestamp,step_index,engine_type,", 0) == 0);
  CHECK(aegisd({"simulate"}, dir).code == 2);

  // Fixed-length series: every machine gets exactly the steps asked for.
  const auto fixed = aegisd({"simulate", "--machines", "3", "--snapshots", "10", "--min-steps", "5", "--max-steps", "5",
                             "--out-dir", (dir / "d").string()},
                            dir);
  REQUIRE(fixed.code == 0);
  CHECK(fixed.json()["readings"] == 15);
  const auto reversed = aegisd({"simulate", "--min-steps", "9", "--max-steps", "5", "--out-dir", (dir / "e").string()}, dir);
  CHECK(reversed.code == 2);
  CHECK(reversed.output.find("--max-steps must be at least --min-steps") != std::string::npos);
}

TEST_CASE("train writes an artifact with held-out metrics that eval reproduces", "[commands]") {
  TempDir dir;
  REQUIRE(aegisd({"simulate", "--machines", "40", "--snapshots", "2000", "--out-dir", dir.path().string()}, dir).code == 0);

  const auto trained = aegisd({"train", "--task", "failure_mode", "--data", (dir / "snapshots.csv").string(), "--out",
                               (dir / "fm").string(), "--rounds", "40"},
                              dir);
  REQUIRE(trained.code == 0);
  const auto result = trained.json();
  CHECK(result["model_name"] == "xgb_failure_mode");
  // 20 % of each failure type's rows are held out, rounded per type.
  CHECK(result["metrics"]["held_out_rows"].get<int>() == Approx(400).margin(5));
  CHECK(result["metrics"]["macro_f1_classes"] ==
        nlohmann::json({"Heat Dissipation Failure", "Power Failure", "Overstrain Failure"}));
  const auto sidecar = aegis::models::Sidecar::read(dir / "fm" / "sidecar.json");
  CHECK(sidecar.task == "failure_mode");
  CHECK(sidecar.feature_set == "ai4i_snapshot");
  CHECK(sidecar.classes.size() == 6);
  CHECK(sidecar.version.size() == 15);
  CHECK(std::filesystem::exists(dir / "fm" / "model.ubj"));

  const auto rul = aegisd({"train", "--task", "rul", "--data", (dir / "timeseries.csv").string(), "--out",
                           (dir / "rul").string(), "--rounds", "50", "--stride", "2"},
                          dir);
  REQUIRE(rul.code == 0);
  const auto rul_sidecar = aegis::models::Sidecar::read(dir / "rul" / "sidecar.json");
  CHECK(rul_sidecar.calibration["method"] == "binned_conformal");
  CHECK_FALSE(rul_sidecar.calibration["bins"].empty());
  CHECK(rul_sidecar.calibration["alpha"] == Approx(0.1));
  CHECK(rul.json()["metrics"].contains("phm08_score"));
  CHECK(rul.json()["metrics"]["interval"]["level"] == Approx(0.9));

  const auto evaluated = aegisd({"eval", "--task", "rul", "--model", (dir / "rul").string(), "--data",
                                 (dir / "timeseries.csv").string()},
                                dir);
  REQUIRE(evaluated.code == 0);
  const auto metrics = evaluated.json();
  CHECK(metrics["rmse"].get<double>() > 0.0);
  CHECK(metrics["samples"].get<int>() > 0);
  CHECK(metrics["interval"]["coverage"].get<double>() > 0.5);
}

TEST_CASE("train --held-out writes each held-out row's unit, label and prediction, which give the printed metrics",
          "[commands]") {
  TempDir dir;
  REQUIRE(aegisd({"simulate", "--machines", "10", "--snapshots", "2000", "--out-dir", dir.path().string()}, dir).code == 0);
  const auto trained = aegisd({"train", "--task", "classification", "--data", (dir / "snapshots.csv").string(), "--out",
                               (dir / "cls").string(), "--rounds", "40", "--held-out", (dir / "held_out.csv").string()},
                              dir);
  REQUIRE(trained.code == 0);
  const auto metrics = trained.json()["metrics"];
  CHECK(trained.json()["held_out_file"] == (dir / "held_out.csv").string());

  std::istringstream csv(read_file(dir / "held_out.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "unit,label,prediction");
  std::vector<int> labels;
  std::vector<float> predictions;
  std::set<std::string> units;
  while (std::getline(csv, line)) {
    const auto first = line.find(',');
    const auto second = line.find(',', first + 1);
    REQUIRE(second != std::string::npos);
    units.insert(line.substr(0, first));
    labels.push_back(std::stoi(line.substr(first + 1, second - first - 1)));
    predictions.push_back(std::stof(line.substr(second + 1)));
  }
  CHECK(static_cast<int>(labels.size()) == metrics["held_out_rows"].get<int>());
  CHECK(units.size() == labels.size());  // one row per snapshot: "product/UDI"
  CHECK(units.begin()->find('/') != std::string::npos);
  const auto recomputed = aegis::models::binary_metrics(labels, predictions);
  CHECK(recomputed.roc_auc.value() == Approx(metrics["roc_auc"].get<double>()).margin(1e-12));
  CHECK(recomputed.f1 == Approx(metrics["f1"].get<double>()).margin(1e-12));
}

TEST_CASE("train and eval refuse bad input with exit code 2 or 1 and one line", "[commands]") {
  TempDir dir;
  write_file(dir / "broken.csv", "product_id,unit_id,timestamp\nP,U,yesterday\n");
  CHECK(aegisd({"train", "--task", "dance", "--data", "x", "--out", "y"}, dir).output ==
        "aegisd: unknown task 'dance' (classification, failure_mode or rul)\n");
  CHECK(aegisd({"train", "--task", "rul", "--profile", "steam", "--data", "x", "--out", "y"}, dir).code == 2);
  CHECK(aegisd({"train", "--task", "rul", "--data", "x"}, dir).output ==
        "aegisd: train needs --out DIR, --install, or both\n");
  CHECK(aegisd({"train", "--task", "rul", "--data", "x", "--out", "y", "--param", "depth"}, dir).output ==
        "aegisd: --param expects KEY=VALUE, got 'depth'\n");
  const auto broken = aegisd({"train", "--task", "rul", "--data", (dir / "broken.csv").string(), "--out", (dir / "o").string()}, dir);
  CHECK(broken.code == 1);
  CHECK_THAT(broken.output, Catch::Contains("broken.csv:1: missing column"));
  const auto missing_model = aegisd({"eval", "--task", "rul", "--model", (dir / "none").string(), "--data", "x"}, dir);
  CHECK(missing_model.code == 1);
  CHECK_THAT(missing_model.output, Catch::Contains("sidecar") && Catch::Contains("is missing"));
}
