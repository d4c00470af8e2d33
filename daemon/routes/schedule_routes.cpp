#include "daemon/routes/schedule_routes.hpp"

#include <charconv>

#include "daemon/routes/request_fields.hpp"
#include "engine/planning/plan_request_json.hpp"

namespace aegis::routes {
namespace {

constexpr std::size_t kMaxNoteLength = 2000;

[[noreturn]] void bad_request(const std::string& message) { throw http::ApiError(http::Status::bad_request, message); }

// scheduler.shift_start is "HH:MM", checked when the configuration loads.
std::chrono::minutes clock_minutes(const std::string& text) {
  int hours = 0, minutes = 0;
  std::from_chars(text.data(), text.data() + 2, hours);
  std::from_chars(text.data() + 3, text.data() + text.size(), minutes);
  return std::chrono::minutes{hours * 60 + minutes};
}

nlohmann::json plan_response(const planning::PlanResult& result) {
  return {{"schedule_id", result.schedule_id},
          {"total_units_evaluated", result.units_evaluated},
          {"high_risk_units_found", result.at_risk},
          {"maintenance_scheduled", result.planned.size()},
          {"recommendations", result.recommendations_json()},
          {"unscheduled", result.unscheduled_json()},
          {"constraints_applied", result.constraints},
          {"optimizer", result.optimal ? "exact" : "priority_rule"}};
}

// A list filter's instant, read as the seed read it: a date
// ("2024-01-15") is its midnight UTC; empty is no filter. Malformed is a 400
// (the seed failed with 500).
std::optional<time::Millis> date_param(const http::ApiRequest& request, const std::string& name) {
  const auto text = request.query_param(name);
  if (!text || text->empty()) return std::nullopt;
  if (text->size() == 10) {
    if (const auto day = time::parse_iso8601(*text + "T00:00:00")) return day;
  } else if (const auto instant = timestamp_query_value(*text)) {
    return instant;
  }
  bad_request("Invalid timestamp format for " + name + ": " + *text);
}

http::ApiResponse schedule(gateway::GatewayContext& context, const http::ApiRequest& request) {
  return http::ApiResponse::ok(plan_response(run_plan(context, required_body(request.json))));
}

http::ApiResponse list_jobs(gateway::GatewayContext& context, const http::ApiRequest& request) {
  // The seed's filters: start_date bounds recommended_start from below,
  // end_date bounds recommended_end from above, both inclusive; a status is
  // matched exactly, so an unknown or lower-case one lists nothing.
  planning::JobFilter filter;
  const auto non_empty = [&](const char* name) {
    auto value = request.query_param(name);
    return value && !value->empty() ? value : std::nullopt;
  };
  filter.product_id = non_empty("product_id");
  filter.unit_id = non_empty("unit_id");
  filter.start_from = date_param(request, "start_date");
  filter.end_until = date_param(request, "end_date");
  nlohmann::json list = nlohmann::json::array();
  if (const auto status = non_empty("status")) {
    filter.status = planning::parse_status(*status);
    if (!filter.status) return http::ApiResponse::ok(list);
  }
  for (const auto& job : context.maintenance.list(filter)) list.push_back(job.to_json());
  return http::ApiResponse::ok(list);
}

http::ApiResponse update_job(gateway::GatewayContext& context, const http::ApiRequest& request) {
  const auto& id_text = request.path_params.at("id");
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (error != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
    throw http::ApiError(http::Status::not_found, "Maintenance job not found: " + id_text);
  }
  const auto& body = object_body(request.json);
  const auto status_field = body.find("status");
  if (status_field == body.end() || status_field->is_null()) bad_request("status is required");
  const auto status = status_field->is_string() ? planning::parse_status(status_field->get<std::string>()) : std::nullopt;
  if (!status) bad_request(std::string("status must be one of ") + planning::kStatusNames);
  std::optional<std::string> note;
  if (const auto it = body.find("note"); it != body.end() && !it->is_null()) {
    if (!it->is_string() || it->get_ref<const std::string&>().size() > kMaxNoteLength) {
      bad_request("note must be a string of at most " + std::to_string(kMaxNoteLength) + " characters");
    }
    note = it->get<std::string>();
  }
  try {
    return http::ApiResponse::ok(context.maintenance.change_status(id, *status, note).to_json());
  } catch (const planning::JobNotFound& e) {
    throw http::ApiError(http::Status::not_found, e.what());
  } catch (const planning::StatusConflict& e) {
    throw http::ApiError(http::Status::conflict, e.what());
  }
}

}  // namespace

planning::PlanDefaults plan_defaults(const config::Config& config) {
  const auto& scheduler = config.scheduler;
  return {static_cast<int>(scheduler.teams_available), static_cast<int>(scheduler.hours_per_day),
          static_cast<int>(scheduler.horizon_days), clock_minutes(scheduler.shift_start)};
}

planning::PlanResult run_plan(gateway::GatewayContext& context, const nlohmann::json& body) {
  try {
    return context.planner.plan(planning::plan_request_from_json(body, plan_defaults(context.config), time::now()));
  } catch (const planning::InvalidPlanRequest& e) {
    bad_request(e.what());
  }
}

void add_schedule_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::post, "/optimizer/schedule", http::Scope::operate,
             [&context](const http::ApiRequest& r) { return schedule(context, r); });
  router.add(http::Verb::get, "/maintenance/schedule", http::Scope::read,
             [&context](const http::ApiRequest& r) { return list_jobs(context, r); });
  router.add(http::Verb::patch, "/maintenance/schedule/{id}", http::Scope::operate,
             [&context](const http::ApiRequest& r) { return update_job(context, r); });
}

}  // namespace aegis::routes
