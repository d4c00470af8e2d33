// The read-only gateway tools: the fleet as streaming scoring last saw it,
// the maintenance jobs still open and a unit's jobs of any status.
#include "engine/copilot/copilot_tools.hpp"
#include "engine/copilot/tool_arguments.hpp"
#include "engine/scoring/recommendations.hpp"
#include "engine/telemetry/unit_summary.hpp"

namespace aegis::copilot {
namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

bool at_risk(const streaming::UnitScores& scores) {
  return (scores.failure_probability && *scores.failure_probability >= kRiskThreshold) ||
         (scores.rul_hours && *scores.rul_hours <= scoring::kCriticalRulHours);
}

// A unit's past jobs shown at most: the newest say what a technician needs.
constexpr std::size_t kHistoryJobs = 20;
constexpr int kMaxWithinDays = 3660;

nlohmann::json job_json(const planning::MaintenanceJob& job) {
  return {{"id", job.id},
          {"schedule_id", job.schedule_id},
          {"product_id", job.product_id},
          {"unit_id", job.unit_id},
          {"recommended_start", time::format_iso8601(job.recommended_start)},
          {"recommended_end", time::format_iso8601(job.recommended_end)},
          {"risk_score", job.risk_score},
          {"status", planning::status_name(job.status)}};
}

}  // namespace

nlohmann::json CopilotTools::list_units(const nlohmann::json& arguments) const {
  const auto product = text_argument(arguments, "product_id");
  nlohmann::json units = nlohmann::json::array();
  for (const auto& unit : telemetry::unit_summaries(deps_.database, deps_.profiles)) {
    if (product && unit.product_id != *product) continue;
    nlohmann::json row{{"product_id", unit.product_id},
                       {"unit_id", unit.unit_id},
                       {"last_reading_at", time::format_iso8601(unit.last_reading_at)},
                       {"failure_probability", nullptr},
                       {"rul_hours", nullptr},
                       {"at_risk", nullptr}};
    if (const auto scores = deps_.scorer.latest({unit.product_id, unit.unit_id})) {
      row["failure_probability"] = optional_number(scores->failure_probability);
      row["rul_hours"] = optional_number(scores->rul_hours);
      row["at_risk"] = at_risk(*scores);
    }
    units.push_back(std::move(row));
  }
  return {{"units", units}, {"count", units.size()}};
}

nlohmann::json CopilotTools::fleet_risk_summary(const nlohmann::json& arguments) const {
  const auto product = text_argument(arguments, "product_id");
  std::size_t total = 0, risky = 0, safe = 0, unscored = 0;
  nlohmann::json risky_units = nlohmann::json::array();
  for (const auto& unit : telemetry::unit_summaries(deps_.database, deps_.profiles)) {
    if (product && unit.product_id != *product) continue;
    ++total;
    const auto scores = deps_.scorer.latest({unit.product_id, unit.unit_id});
    if (!scores) {
      ++unscored;
    } else if (at_risk(*scores)) {
      ++risky;
      risky_units.push_back({{"product_id", unit.product_id},
                             {"unit_id", unit.unit_id},
                             {"failure_probability", optional_number(scores->failure_probability)},
                             {"rul_hours", optional_number(scores->rul_hours)}});
    } else {
      ++safe;
    }
  }
  return {{"total_units", total},
          {"at_risk", risky},
          {"not_at_risk", safe},
          {"not_scored", unscored},
          {"risk_threshold", kRiskThreshold},
          {"rul_threshold_hours", scoring::kCriticalRulHours},
          {"units_at_risk", risky_units}};
}

nlohmann::json CopilotTools::open_maintenance_jobs(const nlohmann::json& arguments) const {
  planning::JobFilter filter;
  filter.product_id = text_argument(arguments, "product_id");
  filter.unit_id = text_argument(arguments, "unit_id");
  // "Due within N days": jobs starting before then, overdue ones included.
  if (arguments.contains("within_days") && !arguments["within_days"].is_null()) {
    const int days = integer_argument(arguments, "within_days", 7, 1, kMaxWithinDays);
    filter.start_before = time::now() + std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days{days});
  }
  nlohmann::json jobs = nlohmann::json::array();
  for (const auto& job : deps_.maintenance.list(filter)) {
    if (planning::is_open(job.status)) jobs.push_back(job_json(job));
  }
  return {{"jobs", jobs}, {"count", jobs.size()}};
}

nlohmann::json CopilotTools::maintenance_history(const nlohmann::json& arguments) const {
  const auto unit = unit_argument(arguments);
  planning::JobFilter filter;
  filter.product_id = unit.product_id;
  filter.unit_id = unit.unit_id;
  const auto all = deps_.maintenance.list(filter);
  nlohmann::json jobs = nlohmann::json::array();
  // Newest first: the list is ordered by start.
  for (auto it = all.rbegin(); it != all.rend() && jobs.size() < kHistoryJobs; ++it) {
    auto entry = job_json(*it);
    entry["reason"] = it->reason;
    entry["note"] = it->note ? nlohmann::json(*it->note) : nlohmann::json();
    jobs.push_back(std::move(entry));
  }
  return {{"product_id", unit.product_id}, {"unit_id", unit.unit_id}, {"jobs", jobs}, {"count", jobs.size()},
          {"total", all.size()}};
}

}  // namespace aegis::copilot
