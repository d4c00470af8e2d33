#pragma once
// Maintenance jobs in the maintenance_schedule table (SPEC section 7): the
// rows an optimizer run writes, the technicians' status changes, the list.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/planning/job_status.hpp"
#include "engine/store/database.hpp"

namespace aegis::planning {

struct MaintenanceJob {
  std::int64_t id = 0;  // set when stored
  std::string schedule_id;
  std::string product_id;
  std::string unit_id;
  time::Millis recommended_start{};
  time::Millis recommended_end{};
  std::optional<int> team;  // rows from elsewhere may have none
  std::string reason;  // the seed's text (seed_reason in maintenance_planner.hpp)
  // What the planner saw, beside the seed's text; rows the gateway did not
  // plan (imported from the seed, or planned before these were stored) have none.
  std::string at_risk_because;
  std::optional<double> failure_probability;
  std::optional<double> rul_hours;
  double risk_score = 0;
  std::string model_version;
  nlohmann::json actions = nlohmann::json::array();
  nlohmann::json constraints_applied = nlohmann::json::object();
  time::Millis created_at{};
  JobStatus status = JobStatus::pending;
  std::optional<std::string> note;

  // GET /maintenance/schedule's fields.
  nlohmann::json to_json() const;
};

struct JobFilter {
  std::optional<std::string> product_id;
  std::optional<std::string> unit_id;
  std::optional<JobStatus> status;
  std::optional<time::Millis> start_from;   // recommended_start at or after
  std::optional<time::Millis> start_before;  // recommended_start before
  std::optional<time::Millis> end_until;     // recommended_end at or before (the seed's end_date)
};

class JobNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StatusConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MaintenanceStore {
 public:
  explicit MaintenanceStore(store::Database& database) : database_(database) {}

  // Ordered by recommended_start, then id.
  std::vector<MaintenanceJob> list(const JobFilter& filter) const;

  // Moves a job along the workflow (job_status.hpp) and returns it; the
  // note, when given, replaces the previous one. Throws JobNotFound, or
  // StatusConflict naming both states.
  MaintenanceJob change_status(std::int64_t id, JobStatus to, const std::optional<std::string>& note);

  // For a planning run, inside its write transaction on `connection`.
  static std::vector<MaintenanceJob> open_jobs(store::Connection& connection);
  static void insert(store::Connection& connection, std::vector<MaintenanceJob>& jobs);  // sets ids

 private:
  store::Database& database_;
};

}  // namespace aegis::planning
