#include "engine/planning/maintenance_planner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "engine/planning/maintenance_actions.hpp"
#include "engine/planning/schedule_optimizer.hpp"

namespace aegis::planning {
namespace {

constexpr double kMaxDeadlineHours = 100.0 * 366 * 24;

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string clock_time(std::chrono::minutes since_midnight) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(since_midnight.count() / 60),
                static_cast<int>(since_midnight.count() % 60));
  return text;
}

// Scores one unit; nullopt with `failure` set when it cannot be scored.
std::optional<UnitRisk> assess(scoring::Predictor& predictor, const ModelNames& models, const PlanRequest& request,
                               const telemetry::UnitKey& unit, std::string& failure) {
  try {
    const auto failure_prediction = predictor.predict_failure(models.classifier, unit, std::nullopt);
    const auto forecast = predictor.forecast(models.regressor, unit, 1, std::nullopt);
    if (!std::isfinite(failure_prediction.failure_probability) || !std::isfinite(forecast.current_rul_hours)) {
      failure = "scoring failed: the models returned a value that is not a number";
      return std::nullopt;
    }
    UnitRisk risk;
    risk.unit = unit;
    risk.failure_probability = failure_prediction.failure_probability;
    risk.failure_type = failure_prediction.failure_type;
    risk.rul_hours = forecast.current_rul_hours;
    risk.risk_score = risk.failure_probability / std::max(risk.rul_hours, 1.0);
    // A deadline beyond a century changes nothing in a plan of at most a
    // year, and keeps the arithmetic inside 64-bit milliseconds.
    const double deadline_hours = std::clamp(risk.rul_hours, 0.0, kMaxDeadlineHours);
    risk.deadline = forecast.baseline_timestamp + std::chrono::round<std::chrono::milliseconds>(
                                                      std::chrono::duration<double, std::ratio<3600>>(deadline_hours));
    risk.model_version = failure_prediction.model_version;
    std::vector<std::string> why;
    if (risk.failure_probability >= request.risk_threshold) {
      why.push_back("failure probability " + fixed(risk.failure_probability, 2) + " >= " + fixed(request.risk_threshold, 2));
    }
    if (risk.rul_hours <= request.rul_threshold) {
      why.push_back("RUL " + fixed(risk.rul_hours, 1) + " h <= " + fixed(request.rul_threshold, 1) + " h");
    }
    if (why.empty()) return risk;  // scored, not at risk (at_risk_because stays empty)
    risk.at_risk_because = why.front() + (why.size() > 1 ? "; " + why.back() : "");
    return risk;
  } catch (const models::ModelUnavailable& error) {
    failure = std::string("no model: ") + error.what();
  } catch (const scoring::NoTelemetry& error) {
    failure = std::string("no telemetry: ") + error.what();
  } catch (const std::exception& error) {
    failure = std::string("scoring failed: ") + error.what();
  }
  return std::nullopt;
}


// The units at risk that still need a job, as a planning problem around the
// open jobs, and the plan for it.
struct PreparedPlan {
  std::vector<const UnitRisk*> units;  // index = PlanningJob index
  std::vector<UnplannedUnit> covered;  // at risk, but an open job covers them
  Plan plan;
};

PreparedPlan prepare_plan(const PlanRequest& request, const std::vector<UnitRisk>& at_risk,
                          const std::vector<MaintenanceJob>& open) {
  PlanningProblem problem;
  problem.earliest = request.earliest_allowed;
  problem.latest = request.latest_allowed;
  problem.teams = request.teams_available;
  problem.shift_start = request.shift_start;
  problem.shift_length = std::chrono::hours{request.hours_per_day};
  problem.job_length =
      std::chrono::round<std::chrono::minutes>(std::chrono::duration<double, std::ratio<3600>>(request.job_hours));

  std::map<telemetry::UnitKey, const MaintenanceJob*> open_by_unit;
  for (const auto& job : open) {
    open_by_unit.emplace(telemetry::UnitKey{job.product_id, job.unit_id}, &job);
    if (job.team) problem.busy.push_back(BusyPeriod{*job.team, job.recommended_start, job.recommended_end});
  }
  PreparedPlan prepared;
  for (const auto& risk : at_risk) {
    const auto found = open_by_unit.find(risk.unit);
    if (found != open_by_unit.end()) {
      const auto& job = *found->second;
      prepared.covered.push_back(UnplannedUnit{risk.unit,
                                               "open maintenance job " + std::to_string(job.id) + " (" +
                                                   status_name(job.status) + ", " +
                                                   time::format_iso8601(job.recommended_start) + ") already covers it",
                                               risk});
      continue;
    }
    prepared.units.push_back(&risk);
    problem.jobs.push_back(PlanningJob{risk.risk_score, risk.deadline});
  }
  prepared.plan = optimize_schedule(problem);
  return prepared;
}

// Open jobs only change by new rows and status changes.
bool same_jobs(const std::vector<MaintenanceJob>& a, const std::vector<MaintenanceJob>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const MaintenanceJob& x, const MaintenanceJob& y) { return x.id == y.id && x.status == y.status; });
}

}  // namespace

std::string seed_reason(double failure_probability, double rul_hours) {
  return "Failure probability: " + fixed(failure_probability * 100.0, 2) + "%, RUL: " + fixed(rul_hours, 1) + "h";
}

nlohmann::json PlanRequest::constraints() const {
  return {{"risk_threshold", risk_threshold},
          {"rul_threshold", rul_threshold},
          {"horizon_days", horizon_days},
          {"teams_available", teams_available},
          {"hours_per_day", hours_per_day},
          {"job_hours", job_hours},
          {"shift_start", clock_time(shift_start)},
          {"earliest_allowed", time::format_iso8601(earliest_allowed)},
          {"latest_allowed", time::format_iso8601(latest_allowed)}};
}

nlohmann::json PlannedJob::to_json() const {
  auto json = job.to_json();
  json.erase("constraints_applied");
  json.erase("created_at");
  json.erase("note");
  json["failure_type"] = risk.failure_type;
  json["deadline"] = time::format_iso8601(risk.deadline);
  return json;
}

nlohmann::json UnplannedUnit::to_json() const {
  nlohmann::json json{{"product_id", unit.product_id}, {"unit_id", unit.unit_id}, {"reason", reason}};
  if (risk) {
    json["risk_score"] = risk->risk_score;
    json["failure_probability"] = risk->failure_probability;
    json["failure_type"] = risk->failure_type;
    json["rul_hours"] = risk->rul_hours;
    json["deadline"] = time::format_iso8601(risk->deadline);
    json["at_risk_because"] = risk->at_risk_because;
  }
  return json;
}

nlohmann::json PlanResult::recommendations_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : planned) list.push_back(entry.to_json());
  return list;
}

nlohmann::json PlanResult::unscheduled_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : unplanned) list.push_back(entry.to_json());
  return list;
}

std::string new_schedule_id() {
  std::random_device device;
  const std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  char text[32];
  std::snprintf(text, sizeof text, "SCH_%012llX", static_cast<unsigned long long>(bits & 0xFFFFFFFFFFFFull));
  return text;
}

PlanResult MaintenancePlanner::plan(const PlanRequest& request) {
  PlanResult result;
  result.schedule_id = new_schedule_id();
  result.constraints = request.constraints();

  // Scoring first, outside the write lock: it only reads.
  std::set<telemetry::UnitKey> seen;
  std::vector<UnitRisk> at_risk;
  for (const auto& unit : request.units) {
    if (!seen.insert(unit).second) continue;
    std::string failure;
    const auto risk = assess(predictor_, models_, request, unit, failure);
    if (!risk) {
      result.unplanned.push_back(UnplannedUnit{unit, failure, std::nullopt});
    } else if (!risk->at_risk_because.empty()) {
      at_risk.push_back(*risk);
    }
  }
  result.units_evaluated = seen.size();
  result.at_risk = at_risk.size();
  const auto created_at = time::now();

  // Planning can take a while on a large fleet, so it runs on the open jobs
  // as a reader sees them; the write transaction re-reads them and plans
  // again only if another run or a status change got in between, so two runs
  // at once can never both plan a unit or a team's hour.
  const auto open_before = [this] {
    auto reader = database_.reader();
    return MaintenanceStore::open_jobs(*reader);
  }();
  auto prepared = prepare_plan(request, at_risk, open_before);
  database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    const auto open_now = MaintenanceStore::open_jobs(connection);
    if (!same_jobs(open_now, open_before)) prepared = prepare_plan(request, at_risk, open_now);

    std::vector<MaintenanceJob> rows;
    for (const auto& assignment : prepared.plan.scheduled) {
      const auto& risk = *prepared.units[assignment.job];
      MaintenanceJob job;
      job.schedule_id = result.schedule_id;
      job.product_id = risk.unit.product_id;
      job.unit_id = risk.unit.unit_id;
      job.recommended_start = assignment.slot.start;
      job.recommended_end = assignment.slot.end;
      job.team = assignment.slot.team;
      job.reason = seed_reason(risk.failure_probability, risk.rul_hours);
      job.at_risk_because = risk.at_risk_because;
      job.failure_probability = risk.failure_probability;
      job.rul_hours = risk.rul_hours;
      job.risk_score = risk.risk_score;
      job.model_version = risk.model_version;
      job.actions = maintenance_actions(risk.failure_type, risk.failure_probability);
      job.constraints_applied = result.constraints;
      job.created_at = created_at;
      rows.push_back(std::move(job));
    }
    MaintenanceStore::insert(connection, rows);
    transaction.commit();
    for (std::size_t k = 0; k < rows.size(); ++k) {
      result.planned.push_back(PlannedJob{std::move(rows[k]), *prepared.units[prepared.plan.scheduled[k].job]});
    }
  });
  result.unplanned.insert(result.unplanned.end(), prepared.covered.begin(), prepared.covered.end());
  for (const auto index : prepared.plan.unscheduled) {
    result.unplanned.push_back(
        UnplannedUnit{prepared.units[index]->unit, "no team capacity left before latest_allowed", *prepared.units[index]});
  }
  result.optimal = prepared.plan.optimal;
  return result;
}

}  // namespace aegis::planning
