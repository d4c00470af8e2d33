#include <catch2/catch.hpp>

#include "engine/planning/job_status.hpp"
#include "engine/planning/maintenance_actions.hpp"
#include "engine/planning/plan_request_json.hpp"

using namespace aegis;
using planning::JobStatus;

TEST_CASE("a plan request takes its defaults from configuration and starts at the next whole minute", "[planning]") {
  const planning::PlanDefaults defaults{3, 10, 5, std::chrono::minutes{6 * 60 + 30}};
  const auto now = *time::parse_iso8601("2024-01-15T10:37:12.500Z");
  const auto request = planning::plan_request_from_json(
      {{"unit_list", {{{"product_id", "L47181"}, {"unit_id", 202}}, {{"product_id", "M1"}, {"unit_id", "U1"}}}}},
      defaults, now);
  REQUIRE(request.units.size() == 2);
  CHECK(request.units[0].unit_id == "202");
  CHECK(request.teams_available == 3);
  CHECK(request.hours_per_day == 10);
  CHECK(request.job_hours == 10);
  CHECK(request.horizon_days == 5);
  CHECK(request.constraints()["shift_start"] == "06:30");
  CHECK(request.constraints()["earliest_allowed"] == "2024-01-15T10:38:00+00:00");
  CHECK(request.constraints()["latest_allowed"] == "2024-01-20T10:38:00+00:00");

  const auto explicit_window = planning::plan_request_from_json(
      {{"unit_list", {{{"product_id", "L47181"}, {"unit_id", "U"}}}},
       {"earliest_allowed", "2024-02-01T00:00:00+01:00"},
       {"latest_allowed", "2024-02-02T00:00:00"},
       {"job_hours", 2.5}},
      defaults, now);
  CHECK(explicit_window.constraints()["earliest_allowed"] == "2024-01-31T23:00:00+00:00");
  CHECK(explicit_window.constraints()["latest_allowed"] == "2024-02-02T00:00:00+00:00");
  CHECK(explicit_window.job_hours == 2.5);
}

TEST_CASE("maintenance jobs move PENDING -> IN_PROGRESS -> COMPLETED, or to CANCELLED while open", "[planning]") {
  const JobStatus all[] = {JobStatus::pending, JobStatus::in_progress, JobStatus::completed, JobStatus::cancelled};
  int allowed = 0;
  for (const auto from : all) {
    for (const auto to : all) allowed += planning::can_move(from, to);
  }
  CHECK(allowed == 4);
  CHECK(planning::can_move(JobStatus::pending, JobStatus::in_progress));
  CHECK(planning::can_move(JobStatus::pending, JobStatus::cancelled));
  CHECK(planning::can_move(JobStatus::in_progress, JobStatus::completed));
  CHECK(planning::can_move(JobStatus::in_progress, JobStatus::cancelled));
  CHECK(planning::parse_status("IN_PROGRESS") == JobStatus::in_progress);
  CHECK_FALSE(planning::parse_status("in_progress"));
}

TEST_CASE("actions follow the failure mode, urgent first above 0.9", "[planning]") {
  const auto heat = planning::maintenance_actions("Heat Dissipation Failure", 0.8);
  REQUIRE(heat.size() == 2);
  CHECK(heat[0].find("cooling") != std::string::npos);
  const auto urgent_tool = planning::maintenance_actions("Tool Wear Failure", 0.95);
  REQUIRE(urgent_tool.size() == 3);
  CHECK(urgent_tool[0].rfind("URGENT", 0) == 0);
  CHECK(urgent_tool[1] == "Replace the tool");
  CHECK(planning::maintenance_actions("Power Failure", 0.9)[0] == "Inspect the spindle drive and motor");
  CHECK(planning::maintenance_actions("No Failure", 0.2)[0].rfind("Inspect the unit", 0) == 0);
}
