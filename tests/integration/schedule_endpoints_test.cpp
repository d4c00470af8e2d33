#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

#include "engine/store/sqlite.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/model_fixtures.hpp"

using namespace aegis;
using test::HttpClient;
using Verb = boost::beast::http::verb;

namespace {

// `failing` degrading units F1..Fn and two healthy ones, 60 hourly readings
// each from 2024-01-01T00:00Z, and the three default models.
test::GatewayFixture fleet_gateway(int failing, bool with_models = true) {
  return test::GatewayFixture([=](store::Database& db, models::ModelRegistry& registry) {
    telemetry::TelemetryStore store(db);
    const auto profile = profiles::ai4i_profile();
    for (int i = 1; i <= failing; ++i) store.insert(profile, test::unit_history("L47181", "F" + std::to_string(i), 60, true));
    store.insert(profile, test::unit_history("L47181", "H1", 60, false));
    store.insert(profile, test::unit_history("M14860", "H2", 60, false));
    if (with_models) test::install_test_models(registry);
  });
}

nlohmann::json units(std::initializer_list<std::pair<const char*, const char*>> list) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& [product, unit] : list) array.push_back({{"product_id", product}, {"unit_id", unit}});
  return array;
}

nlohmann::json call(HttpClient& client, Verb verb, const std::string& target, const nlohmann::json& body, int expected) {
  auto response = client.request(verb, target, body.is_null() ? "" : body.dump());
  INFO(target << " " << body.dump() << " -> " << response.body);
  REQUIRE(response.status == expected);
  return response.json();
}

nlohmann::json schedule(HttpClient& client, const nlohmann::json& body, int expected = 200) {
  return call(client, Verb::post, "/optimizer/schedule", body, expected);
}

// The window every test plans in: from the last reading (2024-01-03T11:00Z).
const char* kEarliest = "2024-01-03T00:00:00Z";

std::int64_t stored_rows(test::GatewayFixture& gateway, const std::string& where) {
  store::Connection connection(gateway.config().database_path(), {.read_only = true});
  store::Statement query(connection, "SELECT COUNT(*) FROM maintenance_schedule WHERE " + where);
  query.step();
  return query.column_int(0);
}

}  // namespace

TEST_CASE("one unit at risk is planned into the first shift, stored as PENDING", "[schedule]") {
  auto gateway = fleet_gateway(1);
  HttpClient client(gateway.port());
  const auto response = schedule(client, {{"unit_list", units({{"L47181", "F1"}, {"L47181", "H1"}})},
                                          {"earliest_allowed", kEarliest}});
  CHECK(response["error"].is_null());
  const auto& data = response["data"];
  CHECK(std::regex_match(data["schedule_id"].get<std::string>(), std::regex("SCH_[0-9A-F]{12}")));
  CHECK(data["total_units_evaluated"] == 2);
  CHECK(data["high_risk_units_found"] == 1);
  CHECK(data["maintenance_scheduled"] == 1);
  CHECK(data["unscheduled"] == nlohmann::json::array());
  CHECK(data["optimizer"] == "exact");
  CHECK(data["constraints_applied"] == nlohmann::json{{"risk_threshold", 0.7},
                                                      {"rul_threshold", 24.0},
                                                      {"horizon_days", 7},
                                                      {"teams_available", 2},
                                                      {"hours_per_day", 8},
                                                      {"job_hours", 8.0},
                                                      {"shift_start", "08:00"},
                                                      {"earliest_allowed", "2024-01-03T00:00:00+00:00"},
                                                      {"latest_allowed", "2024-01-10T00:00:00+00:00"}});
  REQUIRE(data["recommendations"].size() == 1);
  const auto& job = data["recommendations"][0];
  CHECK(job["product_id"] == "L47181");
  CHECK(job["unit_id"] == "F1");
  CHECK(job["team"] == 1);
  CHECK(job["recommended_start"] == "2024-01-03T08:00:00+00:00");
  CHECK(job["recommended_end"] == "2024-01-03T16:00:00+00:00");
  CHECK(job["status"] == "PENDING");
  CHECK(job["failure_type"] == "Overstrain Failure");
  const double probability = job["failure_probability"].get<double>();
  const double rul = job["rul_hours"].get<double>();
  CHECK(probability >= 0.7);
  CHECK(job["risk_score"].get<double>() == Approx(probability / std::max(rul, 1.0)));
  CHECK(job["reason"].get<std::string>().rfind("Failure probability: ", 0) == 0);  // the seed's text
  CHECK(job["at_risk_because"].get<std::string>().rfind("failure probability ", 0) == 0);
  CHECK(job["actions"][1] == "Reduce the load: lower torque or feed for the current tool");
  CHECK(job["model_version"].get<std::string>().size() == 15);
  CHECK(job["id"].get<std::int64_t>() > 0);

  // The stored row, as GET /maintenance/schedule lists it.
  CHECK(stored_rows(gateway, "status = 'PENDING' AND unit_id = 'F1' AND team = 1") == 1);
  const auto list = call(client, Verb::get, "/maintenance/schedule", nullptr, 200)["data"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == job["id"]);
  CHECK(list[0]["schedule_id"] == data["schedule_id"]);
  CHECK(list[0]["recommended_start"] == job["recommended_start"]);
  CHECK(list[0]["actions"] == job["actions"]);
  CHECK(list[0]["constraints_applied"] == data["constraints_applied"]);
  CHECK(list[0]["status"] == "PENDING");
  CHECK(list[0]["reason"] == job["reason"]);
  CHECK(list[0]["risk_score"] == job["risk_score"]);
  CHECK(list[0].contains("created_at"));
}

TEST_CASE("more units at risk than the teams can take: later days, then listed as unscheduled", "[schedule]") {
  auto gateway = fleet_gateway(7);
  HttpClient client(gateway.port());
  nlohmann::json list = nlohmann::json::array();
  for (int i = 1; i <= 7; ++i) list.push_back({{"product_id", "L47181"}, {"unit_id", "F" + std::to_string(i)}});
  list.push_back({{"product_id", "L47181"}, {"unit_id", "H1"}});
  // Two teams, three shifts: room for six jobs.
  const auto data = schedule(client, {{"unit_list", list},
                                      {"earliest_allowed", kEarliest},
                                      {"horizon_days", 3},
                                      {"teams_available", 2}})["data"];
  CHECK(data["total_units_evaluated"] == 8);
  CHECK(data["high_risk_units_found"] == 7);
  CHECK(data["maintenance_scheduled"] == 6);
  REQUIRE(data["unscheduled"].size() == 1);
  CHECK(data["unscheduled"][0]["reason"] == "no team capacity left before latest_allowed");
  CHECK(data["unscheduled"][0]["unit_id"].get<std::string>().front() == 'F');

  std::map<std::string, std::set<int>> teams_by_start;
  std::set<std::string> planned_units;
  for (const auto& job : data["recommendations"]) {
    CHECK(teams_by_start[job["recommended_start"]].insert(job["team"].get<int>()).second);
    planned_units.insert(job["unit_id"]);
  }
  CHECK(planned_units.size() == 6);
  CHECK(teams_by_start == std::map<std::string, std::set<int>>{{"2024-01-03T08:00:00+00:00", {1, 2}},
                                                               {"2024-01-04T08:00:00+00:00", {1, 2}},
                                                               {"2024-01-05T08:00:00+00:00", {1, 2}}});
  CHECK(stored_rows(gateway, "schedule_id = '" + data["schedule_id"].get<std::string>() + "'") == 6);
}

TEST_CASE("no unit at risk: an empty plan with its schedule id", "[schedule]") {
  auto gateway = fleet_gateway(0);
  HttpClient client(gateway.port());
  const auto data = schedule(client, {{"unit_list", units({{"L47181", "H1"}, {"M14860", "H2"}})}})["data"];
  CHECK(std::regex_match(data["schedule_id"].get<std::string>(), std::regex("SCH_[0-9A-F]{12}")));
  CHECK(data["total_units_evaluated"] == 2);
  CHECK(data["high_risk_units_found"] == 0);
  CHECK(data["maintenance_scheduled"] == 0);
  CHECK(data["recommendations"] == nlohmann::json::array());
  CHECK(data["unscheduled"] == nlohmann::json::array());
  CHECK(stored_rows(gateway, "1") == 0);
}

TEST_CASE("open jobs keep their team's time and their unit is not planned twice", "[schedule]") {
  auto gateway = fleet_gateway(3);
  HttpClient client(gateway.port());
  const auto first = schedule(client, {{"unit_list", units({{"L47181", "F1"}})},
                                       {"earliest_allowed", kEarliest},
                                       {"teams_available", 1}})["data"];
  REQUIRE(first["maintenance_scheduled"] == 1);
  const auto first_job = first["recommendations"][0];
  CHECK(first_job["recommended_start"] == "2024-01-03T08:00:00+00:00");

  const auto second = schedule(client, {{"unit_list", units({{"L47181", "F1"}, {"L47181", "F2"}})},
                                        {"earliest_allowed", kEarliest},
                                        {"teams_available", 1}})["data"];
  CHECK(second["high_risk_units_found"] == 2);
  REQUIRE(second["maintenance_scheduled"] == 1);
  CHECK(second["recommendations"][0]["unit_id"] == "F2");
  CHECK(second["recommendations"][0]["recommended_start"] == "2024-01-04T08:00:00+00:00");  // team 1 is busy on the 3rd
  REQUIRE(second["unscheduled"].size() == 1);
  CHECK(second["unscheduled"][0]["unit_id"] == "F1");
  CHECK(second["unscheduled"][0]["reason"] ==
        "open maintenance job " + std::to_string(first_job["id"].get<std::int64_t>()) +
            " (PENDING, 2024-01-03T08:00:00+00:00) already covers it");

  // Once cancelled, the job frees both the unit and the team's day.
  call(client, Verb::patch, "/maintenance/schedule/" + std::to_string(first_job["id"].get<std::int64_t>()),
       {{"status", "CANCELLED"}}, 200);
  const auto third = schedule(client, {{"unit_list", units({{"L47181", "F1"}, {"L47181", "F3"}})},
                                       {"earliest_allowed", kEarliest},
                                       {"teams_available", 1}})["data"];
  CHECK(third["maintenance_scheduled"] == 2);
  std::set<std::string> starts;
  for (const auto& job : third["recommendations"]) starts.insert(job["recommended_start"]);
  CHECK(starts == std::set<std::string>{"2024-01-03T08:00:00+00:00", "2024-01-05T08:00:00+00:00"});
}

TEST_CASE("units that cannot be scored are listed with the reason, not fatal", "[schedule]") {
  SECTION("unknown unit") {
    auto gateway = fleet_gateway(1);
    HttpClient client(gateway.port());
    const auto data = schedule(client, {{"unit_list", units({{"L47181", "NOPE"}, {"L47181", "F1"}})},
                                        {"earliest_allowed", kEarliest}})["data"];
    CHECK(data["maintenance_scheduled"] == 1);
    REQUIRE(data["unscheduled"].size() == 1);
    CHECK(data["unscheduled"][0] == nlohmann::json{{"product_id", "L47181"},
                                                   {"unit_id", "NOPE"},
                                                   {"reason", "no telemetry: No telemetry found for product_id=L47181, unit_id=NOPE"}});
  }
  SECTION("no models installed") {
    auto gateway = fleet_gateway(1, false);
    HttpClient client(gateway.port());
    const auto data = schedule(client, {{"unit_list", units({{"L47181", "F1"}})}})["data"];
    CHECK(data["maintenance_scheduled"] == 0);
    REQUIRE(data["unscheduled"].size() == 1);
    CHECK(data["unscheduled"][0]["reason"] == "no model: Model not available: xgb_classifier");
  }
}

TEST_CASE("invalid schedule requests name the field", "[schedule]") {
  auto gateway = fleet_gateway(1);
  HttpClient client(gateway.port());
  const auto one = units({{"L47181", "F1"}});
  const std::vector<std::pair<nlohmann::json, std::string>> cases = {
      {nlohmann::json::object(), "Request body required"},
      {{{"horizon_days", 7}}, "unit_list is required and must be a non-empty list"},
      {{{"unit_list", nlohmann::json::array()}}, "unit_list is required and must be a non-empty list"},
      {{{"unit_list", "L47181/F1"}}, "unit_list is required and must be a non-empty list"},
      {{{"unit_list", {{{"product_id", "L47181"}}}}}, "Each unit must have product_id and unit_id"},
      {{{"unit_list", {"F1"}}}, "Each unit must have product_id and unit_id"},
      {{{"unit_list", one}, {"risk_threshold", 1.5}}, "risk_threshold must be a number between 0 and 1"},
      {{{"unit_list", one}, {"risk_threshold", "high"}}, "risk_threshold must be a number between 0 and 1"},
      {{{"unit_list", one}, {"rul_threshold", -1}}, "rul_threshold must be a number between 0 and 1e+06"},
      {{{"unit_list", one}, {"teams_available", 0}}, "teams_available must be an integer between 1 and 1000"},
      {{{"unit_list", one}, {"teams_available", 1.5}}, "teams_available must be an integer between 1 and 1000"},
      {{{"unit_list", one}, {"hours_per_day", 25}}, "hours_per_day must be an integer between 1 and 24"},
      {{{"unit_list", one}, {"horizon_days", 0}}, "horizon_days must be an integer between 1 and 365"},
      {{{"unit_list", one}, {"horizon_days", 366}}, "horizon_days must be an integer between 1 and 365"},
      {{{"unit_list", one}, {"hours_per_day", 4}, {"job_hours", 6}}, "job_hours must be a number between 0.25 and 4"},
      {{{"unit_list", one}, {"earliest_allowed", "tomorrow"}}, "Invalid timestamp format for earliest_allowed: tomorrow"},
      {{{"unit_list", one}, {"earliest_allowed", kEarliest}, {"latest_allowed", kEarliest}},
       "latest_allowed must be after earliest_allowed"},
      {{{"unit_list", one}, {"earliest_allowed", kEarliest}, {"latest_allowed", "2025-06-01T00:00:00Z"}},
       "latest_allowed must be at most 366 days after earliest_allowed"},
  };
  for (const auto& [body, message] : cases) {
    const auto response = schedule(client, body, 400);
    CHECK(response["data"].is_null());
    CHECK(response["error"] == message);
  }
  CHECK(stored_rows(gateway, "1") == 0);
}

TEST_CASE("the status workflow of a maintenance job", "[schedule]") {
  auto gateway = fleet_gateway(2);
  HttpClient client(gateway.port());
  const auto data = schedule(client, {{"unit_list", units({{"L47181", "F1"}, {"L47181", "F2"}})},
                                      {"earliest_allowed", kEarliest}})["data"];
  REQUIRE(data["maintenance_scheduled"] == 2);
  const auto id = std::to_string(data["recommendations"][0]["id"].get<std::int64_t>());
  const auto other = std::to_string(data["recommendations"][1]["id"].get<std::int64_t>());
  const auto path = "/maintenance/schedule/" + id;

  const auto started = call(client, Verb::patch, path, {{"status", "IN_PROGRESS"}, {"note", "team on site"}}, 200);
  CHECK(started["data"]["status"] == "IN_PROGRESS");
  CHECK(started["data"]["note"] == "team on site");
  const auto done = call(client, Verb::patch, path, {{"status", "COMPLETED"}}, 200);
  CHECK(done["data"]["status"] == "COMPLETED");
  CHECK(done["data"]["note"] == "team on site");  // kept when not replaced
  CHECK(stored_rows(gateway, "id = " + id + " AND status = 'COMPLETED' AND note = 'team on site'") == 1);

  CHECK(call(client, Verb::patch, path, {{"status", "IN_PROGRESS"}}, 409)["error"] ==
        "Maintenance job " + id + " cannot move from COMPLETED to IN_PROGRESS");
  CHECK(call(client, Verb::patch, path, {{"status", "CANCELLED"}}, 409)["error"] ==
        "Maintenance job " + id + " cannot move from COMPLETED to CANCELLED");
  const auto other_path = "/maintenance/schedule/" + other;
  CHECK(call(client, Verb::patch, other_path, {{"status", "COMPLETED"}}, 409)["error"] ==
        "Maintenance job " + other + " cannot move from PENDING to COMPLETED");
  CHECK(call(client, Verb::patch, other_path, {{"status", "PENDING"}}, 409)["error"] ==
        "Maintenance job " + other + " cannot move from PENDING to PENDING");
  CHECK(call(client, Verb::patch, other_path, {{"status", "DONE"}}, 400)["error"] ==
        "status must be one of PENDING, IN_PROGRESS, COMPLETED, CANCELLED");
  CHECK(call(client, Verb::patch, other_path, nlohmann::json::object(), 400)["error"] == "status is required");
  CHECK(call(client, Verb::patch, other_path, {{"status", "CANCELLED"}, {"note", 5}}, 400)["error"] ==
        "note must be a string of at most 2000 characters");
  CHECK(call(client, Verb::patch, "/maintenance/schedule/999999", {{"status", "CANCELLED"}}, 404)["error"] ==
        "Maintenance job not found: 999999");
  CHECK(call(client, Verb::patch, "/maintenance/schedule/abc", {{"status", "CANCELLED"}}, 404)["error"] ==
        "Maintenance job not found: abc");
  CHECK(call(client, Verb::patch, other_path, {{"status", "CANCELLED"}}, 200)["data"]["status"] == "CANCELLED");
}

TEST_CASE("GET /maintenance/schedule filters as the seed did, ordered by start", "[schedule][seed]") {
  auto gateway = fleet_gateway(3);
  HttpClient client(gateway.port());
  // One team: F1..F3 on the 3rd, 4th and 5th in some order; H2's product has none.
  const auto data = schedule(client, {{"unit_list", units({{"L47181", "F1"}, {"L47181", "F2"}, {"L47181", "F3"}})},
                                      {"earliest_allowed", kEarliest},
                                      {"teams_available", 1}})["data"];
  REQUIRE(data["maintenance_scheduled"] == 3);
  std::map<std::string, std::string> unit_by_start;
  for (const auto& job : data["recommendations"]) unit_by_start[job["recommended_start"]] = job["unit_id"];
  const auto first_id = std::to_string(data["recommendations"][0]["id"].get<std::int64_t>());
  call(client, Verb::patch, "/maintenance/schedule/" + first_id, {{"status", "IN_PROGRESS"}}, 200);

  const auto list = [&](const std::string& query) {
    const auto rows = call(client, Verb::get, "/maintenance/schedule" + query, nullptr, 200)["data"];
    std::vector<std::string> starts;
    for (const auto& row : rows) starts.push_back(row["recommended_start"]);
    return starts;
  };
  const std::vector<std::string> all = {"2024-01-03T08:00:00+00:00", "2024-01-04T08:00:00+00:00",
                                        "2024-01-05T08:00:00+00:00"};
  CHECK(list("") == all);
  CHECK(list("?product_id=L47181") == all);
  CHECK(list("?product_id=M14860").empty());
  CHECK(list("?unit_id=" + unit_by_start[all[1]]) == std::vector<std::string>{all[1]});
  CHECK(list("?product_id=L47181&unit_id=" + unit_by_start[all[2]]) == std::vector<std::string>{all[2]});
  CHECK(list("?status=IN_PROGRESS") == std::vector<std::string>{all[0]});
  CHECK(list("?status=PENDING") == std::vector<std::string>{all[1], all[2]});
  CHECK(list("?status=COMPLETED").empty());
  // A status the seed did not know, or in lower case, lists nothing; empty filters nothing.
  CHECK(list("?status=open").empty());
  CHECK(list("?status=pending").empty());
  CHECK(list("?status=in_progress").empty());
  CHECK(list("?status=&product_id=&unit_id=&start_date=&end_date=") == all);
  // start_date bounds recommended_start, end_date bounds recommended_end
  // (each job runs 08:00-16:00), both inclusive; a date is its midnight UTC.
  CHECK(list("?start_date=2024-01-04") == std::vector<std::string>{all[1], all[2]});
  CHECK(list("?start_date=2024-01-04T08:00:00Z") == std::vector<std::string>{all[1], all[2]});
  CHECK(list("?start_date=2024-01-04T08:00:01Z") == std::vector<std::string>{all[2]});
  CHECK(list("?end_date=2024-01-04") == std::vector<std::string>{all[0]});
  CHECK(list("?end_date=2024-01-05T16:00:00Z") == all);
  CHECK(list("?end_date=2024-01-05T15:59:59Z") == std::vector<std::string>{all[0], all[1]});
  CHECK(list("?end_date=2024-01-05T17:00:00%2B01:00") == all);  // an offset, encoded
  CHECK(list("?end_date=2024-01-05T17:00:00+01:00") == all);    // ... or typed as is
  CHECK(list("?start_date=2024-01-04&end_date=2024-01-04").empty());
  CHECK(list("?start_date=2024-01-04T08:00:00Z&end_date=2024-01-05T08:00:00Z") == std::vector<std::string>{all[1]});
  CHECK(call(client, Verb::get, "/maintenance/schedule?start_date=soon", nullptr, 400)["error"] ==
        "Invalid timestamp format for start_date: soon");
  CHECK(call(client, Verb::get, "/maintenance/schedule?end_date=2024-13-01", nullptr, 400)["error"] ==
        "Invalid timestamp format for end_date: 2024-13-01");
}

TEST_CASE("the copilot's optimize_schedule tool plans through the same code", "[schedule]") {
  auto gateway = fleet_gateway(1);
  HttpClient client(gateway.port());
  const auto data = call(client, Verb::post, "/copilot/tools/optimize_schedule",
                         {{"unit_list", units({{"L47181", "F1"}, {"L47181", "H1"}})}, {"earliest_allowed", kEarliest}},
                         200)["data"];
  CHECK(std::regex_match(data["schedule_id"].get<std::string>(), std::regex("SCH_[0-9A-F]{12}")));
  CHECK(data["units_scheduled"] == 1);
  CHECK(data["high_risk_units"] == 1);
  REQUIRE(data["recommendations"].size() == 1);
  CHECK(data["recommendations"][0]["unit_id"] == "F1");
  CHECK(stored_rows(gateway, "unit_id = 'F1' AND schedule_id = '" + data["schedule_id"].get<std::string>() + "'") == 1);
  CHECK(call(client, Verb::post, "/copilot/tools/optimize_schedule", {{"unit_list", nlohmann::json::array()}}, 400)["error"] ==
        "unit_list is required and must be a non-empty list");
}
