#pragma once
// One run of /optimizer/schedule: score the listed units through the same
// predictor as the prediction endpoints, keep those at risk, plan them around
// the jobs already open, and store the planned jobs as PENDING. Every unit at
// risk ends up planned or listed with the reason it is not; a unit whose
// scoring fails is listed, not fatal.
#include <chrono>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/planning/maintenance_store.hpp"
#include "engine/scoring/predictor.hpp"
#include "engine/store/database.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::planning {

struct PlanRequest {
  std::vector<telemetry::UnitKey> units;
  double risk_threshold = 0.7;
  double rul_threshold = 24;  // hours
  int horizon_days = 7;
  int teams_available = 2;
  int hours_per_day = 8;
  double job_hours = 8;
  std::chrono::minutes shift_start{8 * 60};  // after midnight UTC
  time::Millis earliest_allowed{};
  time::Millis latest_allowed{};

  // constraints_applied: every input with its defaults filled in.
  nlohmann::json constraints() const;
};

// What scoring said of a unit at risk.
struct UnitRisk {
  telemetry::UnitKey unit;
  double failure_probability = 0;
  std::string failure_type;
  double rul_hours = 0;
  double risk_score = 0;       // failure_probability / max(rul_hours, 1)
  time::Millis deadline{};     // last reading + RUL
  std::string model_version;   // the classifier's
  std::string at_risk_because;  // which thresholds it crossed; empty when it crossed none
};

// A job's `reason` exactly as the seed backend wrote it, "Failure
// probability: 99.11%, RUL: 44.4h": the seed's cloud back-end reads the
// confidence and the hours to failure out of this text.
std::string seed_reason(double failure_probability, double rul_hours);

struct PlannedJob {
  MaintenanceJob job;
  UnitRisk risk;
  nlohmann::json to_json() const;  // one entry of `recommendations`
};

struct UnplannedUnit {
  telemetry::UnitKey unit;
  std::string reason;
  std::optional<UnitRisk> risk;  // absent when scoring failed
  nlohmann::json to_json() const;  // one entry of `unscheduled`
};

struct PlanResult {
  std::string schedule_id;
  std::size_t units_evaluated = 0;
  std::size_t at_risk = 0;
  std::vector<PlannedJob> planned;      // by start, then team
  std::vector<UnplannedUnit> unplanned;  // scoring failures, open jobs, then no room
  nlohmann::json constraints;
  bool optimal = true;  // false when the fleet was too large for the exact optimizer

  nlohmann::json recommendations_json() const;
  nlohmann::json unscheduled_json() const;
};

struct ModelNames {
  std::string classifier;
  std::string regressor;
};

class MaintenancePlanner {
 public:
  MaintenancePlanner(scoring::Predictor& predictor, store::Database& database, ModelNames models)
      : predictor_(predictor), database_(database), models_(std::move(models)) {}

  PlanResult plan(const PlanRequest& request);

 private:
  scoring::Predictor& predictor_;
  store::Database& database_;
  ModelNames models_;
};

// "SCH_" and 12 upper-case hex digits.
std::string new_schedule_id();

}  // namespace aegis::planning
