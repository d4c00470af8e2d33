#include "engine/planning/plan_request_json.hpp"

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace aegis::planning {
namespace {

[[noreturn]] void invalid(const std::string& message) { throw InvalidPlanRequest(message); }

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// A JSON number within [min, max]; `fallback` when absent or null.
double number_field(const nlohmann::json& body, const char* name, double fallback, double min, double max) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < min || it->get<double>() > max) {
    invalid(std::string(name) + " must be a number between " + number_text(min) + " and " + number_text(max));
  }
  return it->get<double>();
}

int whole_field(const nlohmann::json& body, const char* name, int fallback, int min, int max) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return fallback;
  const std::string message =
      std::string(name) + " must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
  if (!it->is_number()) invalid(message);
  const double value = it->get<double>();
  if (!std::isfinite(value) || std::floor(value) != value || value < min || value > max) invalid(message);
  return static_cast<int>(value);
}

std::optional<time::Millis> time_field(const nlohmann::json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  const auto parsed = it->is_string() ? time::parse_iso8601(text) : std::nullopt;
  if (!parsed) invalid(std::string("Invalid timestamp format for ") + name + ": " + text);
  return parsed;
}

// Ids may be strings or whole numbers (unit 202), as elsewhere in the API.
std::optional<std::string> id_field(const nlohmann::json& unit, const char* name) {
  const auto it = unit.find(name);
  if (it == unit.end()) return std::nullopt;
  if (it->is_string() && !it->get_ref<const std::string&>().empty()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return std::nullopt;
}

}  // namespace

PlanRequest plan_request_from_json(const nlohmann::json& body, const PlanDefaults& defaults, time::Millis now) {
  if (!body.is_object()) invalid("unit_list is required and must be a non-empty list");
  const auto list = body.find("unit_list");
  if (list == body.end() || !list->is_array() || list->empty()) {
    invalid("unit_list is required and must be a non-empty list");
  }
  if (list->size() > kMaxUnitsPerPlan) {
    invalid("unit_list may hold at most " + std::to_string(kMaxUnitsPerPlan) + " units");
  }
  PlanRequest request;
  for (const auto& unit : *list) {
    const auto product_id = unit.is_object() ? id_field(unit, "product_id") : std::nullopt;
    const auto unit_id = unit.is_object() ? id_field(unit, "unit_id") : std::nullopt;
    if (!product_id || !unit_id) invalid("Each unit must have product_id and unit_id");
    request.units.push_back(telemetry::UnitKey{*product_id, *unit_id});
  }

  request.risk_threshold = number_field(body, "risk_threshold", 0.7, 0, 1);
  request.rul_threshold = number_field(body, "rul_threshold", 24, 0, 1e6);
  request.horizon_days = whole_field(body, "horizon_days", defaults.horizon_days, 1, 365);
  request.teams_available = whole_field(body, "teams_available", defaults.teams_available, 1, 1000);
  request.hours_per_day = whole_field(body, "hours_per_day", defaults.hours_per_day, 1, 24);
  request.job_hours = number_field(body, "job_hours", request.hours_per_day, 0.25, request.hours_per_day);
  request.shift_start = defaults.shift_start;

  const auto next_minute = std::chrono::ceil<std::chrono::minutes>(now);
  request.earliest_allowed = time_field(body, "earliest_allowed").value_or(next_minute);
  const auto latest = time_field(body, "latest_allowed");
  request.latest_allowed = latest.value_or(request.earliest_allowed + std::chrono::days{request.horizon_days});
  if (request.latest_allowed <= request.earliest_allowed) invalid("latest_allowed must be after earliest_allowed");
  if (request.latest_allowed - request.earliest_allowed > std::chrono::days{366}) {
    invalid("latest_allowed must be at most 366 days after earliest_allowed");
  }
  return request;
}

}  // namespace aegis::planning
