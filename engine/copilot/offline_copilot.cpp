#include "engine/copilot/offline_copilot.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <set>

#include "engine/copilot/intent.hpp"
#include "engine/copilot/phrases.hpp"

namespace aegis::copilot {
namespace {

// The days "this week" looks ahead (overdue jobs included).
constexpr int kDueWithinDays = 7;

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string percent(double probability) { return fixed(probability * 100.0, 1) + " %"; }

// A phrase with its named fields filled in.
template <class... Args>
std::string say(const char* phrase, Args&&... args) {
  return fmt::format(fmt::runtime(phrase), std::forward<Args>(args)...);
}

std::string text_of(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Ends a list of "...;" entries with a full stop.
void close_list(std::string& text) {
  if (!text.empty() && text.back() == ';') text.back() = '.';
}

class OfflineAnswer {
 public:
  OfflineAnswer(CopilotTools& tools, const Conversation& conversation)
      : tools_(tools), conversation_(conversation), say_(phrases(reply_language(conversation))) {}

  ChatReply answer();

 private:
  // Runs one tool and records the call and its result in the reply.
  const ToolResult& call_tool(const char* name, nlohmann::json arguments) {
    ToolCall call{
        .id = "call_" + std::to_string(reply_.tool_calls.size() + 1), .name = name, .arguments = std::move(arguments)};
    reply_.tool_results.push_back(tools_.execute(call));
    reply_.tool_calls.push_back(std::move(call));
    return reply_.tool_results.back();
  }

  std::string unit_name(const telemetry::UnitKey& unit) const {
    return say(say_.unit_name, fmt::arg("unit", unit.unit_id), fmt::arg("product", unit.product_id));
  }

  std::string failed(const char* what, const telemetry::UnitKey& unit, const ToolResult& result) const {
    return say(say_.tool_failed, fmt::arg("what", what), fmt::arg("unit", unit_name(unit)),
               fmt::arg("error", result.error));
  }

  // How sure the classifier is, in words: far from one half is confident.
  const char* confidence(double probability) const {
    if (probability >= 0.8 || probability <= 0.2) return say_.confident;
    if (probability >= 0.65 || probability <= 0.35) return say_.fairly_confident;
    return say_.borderline;
  }

  std::string failure_answer(const telemetry::UnitKey& unit, const nlohmann::json& result) const;
  std::string rul_answer(const telemetry::UnitKey& unit, const nlohmann::json& result) const;
  std::string status_answer(const telemetry::UnitKey& unit);
  std::string history_answer(const telemetry::UnitKey& unit);
  std::string due_answer();
  std::string schedule_answer(const nlohmann::json& result) const;
  std::string fleet_answer(const nlohmann::json& result) const;
  std::string jobs_answer(const nlohmann::json& result) const;
  std::optional<std::string> missing_ids(const UnitResolution& resolution) const;

  CopilotTools& tools_;
  const Conversation& conversation_;
  const Phrases& say_;
  ChatReply reply_{.provider = kOfflineProvider};
};

std::string OfflineAnswer::failure_answer(const telemetry::UnitKey& unit, const nlohmann::json& result) const {
  const double probability = result.at("failure_probability").get<double>();
  const std::string type = text_of(result, "failure_type");  // null when no failure is predicted
  std::string text =
      say(say_.failure_probability, fmt::arg("unit", unit_name(unit)), fmt::arg("percent", percent(probability)));
  text += result.at("will_fail").get<bool>() ? say(say_.failure_predicted, fmt::arg("type", type))
                                             : std::string(say_.no_failure_predicted);
  return text + " " + confidence(probability) + " " + say_.failure_recommendation(probability, type);
}

std::string OfflineAnswer::rul_answer(const telemetry::UnitKey& unit, const nlohmann::json& result) const {
  const double hours = result.at("current_rul_hours").get<double>();
  std::string text = say(say_.remaining_life, fmt::arg("unit", unit_name(unit)), fmt::arg("hours", fixed(hours, 1)));
  text += result.at("critical").get<bool>() ? say_.remaining_life_critical : say_.remaining_life_end;
  return text + " " + say_.rul_recommendation(hours);
}

// Both predictions of one unit; either may fail alone.
std::string OfflineAnswer::status_answer(const telemetry::UnitKey& unit) {
  const auto arguments = nlohmann::json{{"product_id", unit.product_id}, {"unit_id", unit.unit_id}};
  const auto failure = call_tool(tool_names::kPredictFailure, arguments);
  const auto rul = call_tool(tool_names::kPredictRul, arguments);
  if (!failure.success && !rul.success) return failed(say_.what_failure_prediction, unit, failure);
  std::string text = say(say_.status_heading, fmt::arg("unit", unit_name(unit))), advice;
  if (failure.success) {
    const double probability = failure.result.at("failure_probability").get<double>();
    const std::string type = text_of(failure.result, "failure_type");
    text += say(say_.status_failure, fmt::arg("percent", percent(probability)));
    text += failure.result.at("will_fail").get<bool>() ? say(say_.status_failure_predicted, fmt::arg("type", type))
                                                       : std::string(say_.status_no_failure);
    advice += " " + say_.failure_recommendation(probability, type);
  } else {
    text +=
        say(say_.status_part_failed, fmt::arg("what", say_.what_failure_prediction), fmt::arg("error", failure.error));
  }
  if (rul.success) {
    const double hours = rul.result.at("current_rul_hours").get<double>();
    text += say(rul.result.at("critical").get<bool>() ? say_.status_rul_critical : say_.status_rul,
                fmt::arg("hours", fixed(hours, 1)));
    advice += " " + say_.rul_recommendation(hours);
  } else {
    text += say(say_.status_part_failed, fmt::arg("what", say_.what_rul_estimate), fmt::arg("error", rul.error));
  }
  text += advice;
  if (!failure.success || !rul.success) text += say_.manual_inspection;
  return text;
}

std::string OfflineAnswer::history_answer(const telemetry::UnitKey& unit) {
  const auto& result =
      call_tool(tool_names::kMaintenanceHistory, {{"product_id", unit.product_id}, {"unit_id", unit.unit_id}});
  if (!result.success) return failed(say_.what_history, unit, result);
  const auto& jobs = result.result.at("jobs");
  if (jobs.empty()) return say(say_.no_history, fmt::arg("unit", unit_name(unit)));
  std::string text = say(say_.history, fmt::arg("unit", unit_name(unit)), fmt::arg("count", jobs.size()),
                         fmt::arg("total", result.result.at("total").get<std::size_t>()));
  for (const auto& job : jobs) {
    text += say(say_.history_job, fmt::arg("status", text_of(job, "status")),
                fmt::arg("start", text_of(job, "recommended_start")), fmt::arg("end", text_of(job, "recommended_end")),
                fmt::arg("reason", text_of(job, "reason")));
    if (job.contains("note") && job["note"].is_string())
      text += say(say_.history_note, fmt::arg("note", text_of(job, "note")));
    text += ";";
  }
  close_list(text);
  return text;
}

// Jobs due within the week, then the units at risk that no open job covers.
std::string OfflineAnswer::due_answer() {
  const auto due = call_tool(tool_names::kOpenMaintenanceJobs, {{"within_days", kDueWithinDays}});
  if (!due.success) return say(say_.jobs_failed, fmt::arg("error", due.error));
  const auto& jobs = due.result.at("jobs");
  std::string text = jobs.empty()
                         ? say(say_.no_jobs_due, fmt::arg("days", kDueWithinDays))
                         : say(say_.jobs_due, fmt::arg("days", kDueWithinDays), fmt::arg("count", jobs.size()));
  for (const auto& job : jobs) {
    text +=
        say(say_.open_job, fmt::arg("unit", text_of(job, "unit_id")), fmt::arg("product", text_of(job, "product_id")),
            fmt::arg("status", text_of(job, "status")), fmt::arg("start", text_of(job, "recommended_start")));
  }
  close_list(text);

  const auto fleet = call_tool(tool_names::kFleetRiskSummary, nlohmann::json::object());
  if (!fleet.success) return text + " " + say(say_.fleet_failed, fmt::arg("error", fleet.error));
  const auto open = call_tool(tool_names::kOpenMaintenanceJobs, nlohmann::json::object());
  std::set<std::pair<std::string, std::string>> covered;
  if (open.success) {
    for (const auto& job : open.result.at("jobs")) covered.emplace(text_of(job, "product_id"), text_of(job, "unit_id"));
  }
  std::string unplanned;
  for (const auto& unit : fleet.result.at("units_at_risk")) {
    if (covered.contains({text_of(unit, "product_id"), text_of(unit, "unit_id")})) continue;
    unplanned += say(say_.at_risk_unplanned_unit, fmt::arg("unit", text_of(unit, "unit_id")),
                     fmt::arg("product", text_of(unit, "product_id")));
  }
  if (!unplanned.empty()) {
    text += say_.at_risk_unplanned + unplanned;
    close_list(text);
  }
  return text;
}

std::string OfflineAnswer::schedule_answer(const nlohmann::json& result) const {
  const auto& planned = result.at("recommendations");
  std::string text;
  if (planned.empty()) {
    text = result.at("high_risk_units").get<std::size_t>() == 0 ? say_.nothing_at_risk : say_.nothing_scheduled;
  } else {
    text = say(say_.scheduled, fmt::arg("id", result.at("schedule_id").get<std::string>()));
    for (const auto& job : planned) {
      text += say(say_.scheduled_job, fmt::arg("unit", text_of(job, "unit_id")),
                  fmt::arg("product", text_of(job, "product_id")), fmt::arg("start", text_of(job, "recommended_start")),
                  fmt::arg("end", text_of(job, "recommended_end")),
                  fmt::arg("score", fixed(job.at("risk_score").get<double>(), 2)));
    }
    close_list(text);
    text += say_.scheduled_stored;
  }
  for (const auto& unit : result.at("unscheduled")) {
    text += say(say_.not_scheduled, fmt::arg("unit", text_of(unit, "unit_id")),
                fmt::arg("product", text_of(unit, "product_id")), fmt::arg("reason", text_of(unit, "reason")));
  }
  return text;
}

std::string OfflineAnswer::fleet_answer(const nlohmann::json& result) const {
  std::string text = say(
      say_.fleet, fmt::arg("total", result.at("total_units").dump()), fmt::arg("risky", result.at("at_risk").dump()),
      fmt::arg("safe", result.at("not_at_risk").dump()), fmt::arg("unscored", result.at("not_scored").dump()));
  for (const auto& unit : result.at("units_at_risk")) {
    text += say(say_.fleet_at_risk, fmt::arg("unit", text_of(unit, "unit_id")),
                fmt::arg("product", text_of(unit, "product_id")));
    if (unit.at("failure_probability").is_number()) {
      text += say(say_.fleet_probability, fmt::arg("percent", percent(unit.at("failure_probability").get<double>())));
    }
    if (unit.at("rul_hours").is_number()) {
      text += say(say_.fleet_rul, fmt::arg("hours", fixed(unit.at("rul_hours").get<double>(), 1)));
    }
    text += ".";
  }
  return text;
}

std::string OfflineAnswer::jobs_answer(const nlohmann::json& result) const {
  const auto& jobs = result.at("jobs");
  if (jobs.empty()) return say_.no_open_jobs;
  std::string text = say(say_.open_jobs, fmt::arg("count", result.at("count").dump()));
  for (const auto& job : jobs) {
    text +=
        say(say_.open_job, fmt::arg("unit", text_of(job, "unit_id")), fmt::arg("product", text_of(job, "product_id")),
            fmt::arg("status", text_of(job, "status")), fmt::arg("start", text_of(job, "recommended_start")));
  }
  close_list(text);
  return text;
}

// Asks for the ids a unit question lacks; nullopt when the unit is known.
std::optional<std::string> OfflineAnswer::missing_ids(const UnitResolution& resolution) const {
  if (resolution.unit) return std::nullopt;
  if (!resolution.unit_id) return std::string(say_.which_unit);
  if (resolution.candidate_products.size() > 1) {
    std::string list;
    for (const auto& product : resolution.candidate_products) list += (list.empty() ? "" : ", ") + product;
    return say(say_.which_product_of_several, fmt::arg("unit", *resolution.unit_id), fmt::arg("list", list));
  }
  return say(say_.which_product, fmt::arg("unit", *resolution.unit_id));
}

nlohmann::json unit_arguments(const telemetry::UnitKey& unit) {
  return {{"product_id", unit.product_id}, {"unit_id", unit.unit_id}};
}

// A message that only names ids ("M14860", "unit 7") answers the question
// asked before it: the intent of the newest earlier user message that had one.
Intent follow_up_intent(const Conversation& conversation) {
  const auto& messages = conversation.messages;
  for (auto it = messages.rbegin() + (messages.empty() ? 0 : 1); it != messages.rend(); ++it) {
    if (it->role != "user") continue;
    if (const auto intent = detect_intent(it->content); intent != Intent::unknown) return intent;
  }
  return Intent::unknown;
}

ChatReply OfflineAnswer::answer() {
  const std::string question = conversation_.messages.empty() ? "" : conversation_.messages.back().content;
  const auto known = tools_.known_units();
  Intent intent = detect_intent(question);
  const auto named = find_ids(question, known);
  if (intent == Intent::unknown && (named.unit_id || named.product_id)) intent = follow_up_intent(conversation_);
  // "Does unit 7 need maintenance?" asks about that unit, not the week's list.
  if (intent == Intent::due_this_week && named.unit_id) intent = Intent::unit_status;
  // "Status mesin" with no unit anywhere in the conversation: the whole fleet.
  if (intent == Intent::unit_status && !resolve_unit(conversation_, known).unit_id) intent = Intent::fleet_status;
  if (intent == Intent::unknown) {
    reply_.reply = std::string(say_.capabilities) + say_.what_would_you_like;
    return std::move(reply_);
  }
  if (intent == Intent::fleet_status) {
    const auto& result = call_tool(tool_names::kFleetRiskSummary, nlohmann::json::object());
    reply_.reply =
        result.success ? fleet_answer(result.result) : say(say_.fleet_failed, fmt::arg("error", result.error));
    return std::move(reply_);
  }
  if (intent == Intent::due_this_week) {
    reply_.reply = due_answer();
    return std::move(reply_);
  }
  if (intent == Intent::show_schedule) {
    nlohmann::json filter = nlohmann::json::object();
    if (named.unit_id) filter["unit_id"] = *named.unit_id;
    if (named.product_id) filter["product_id"] = *named.product_id;
    const auto& result = call_tool(tool_names::kOpenMaintenanceJobs, filter);
    reply_.reply = result.success ? jobs_answer(result.result) : say(say_.jobs_failed, fmt::arg("error", result.error));
    return std::move(reply_);
  }

  if (intent == Intent::schedule && mentions_whole_fleet(question)) {
    nlohmann::json unit_list = nlohmann::json::array();
    for (const auto& unit : known) unit_list.push_back(unit_arguments(unit));
    if (unit_list.empty()) {
      reply_.reply = say_.no_units_to_schedule;
      return std::move(reply_);
    }
    const auto& result = call_tool(tool_names::kOptimizeSchedule, {{"unit_list", unit_list}});
    reply_.reply =
        result.success ? schedule_answer(result.result) : say(say_.schedule_failed, fmt::arg("error", result.error));
    return std::move(reply_);
  }

  const auto resolution = resolve_unit(conversation_, known);
  if (const auto question_back = missing_ids(resolution)) {
    reply_.reply = *question_back;
    return std::move(reply_);
  }
  const auto& unit = *resolution.unit;
  switch (intent) {
    case Intent::failure_risk: {
      const auto& result = call_tool(tool_names::kPredictFailure, unit_arguments(unit));
      reply_.reply =
          result.success ? failure_answer(unit, result.result) : failed(say_.what_failure_prediction, unit, result);
      break;
    }
    case Intent::remaining_life: {
      const auto& result = call_tool(tool_names::kPredictRul, unit_arguments(unit));
      reply_.reply = result.success ? rul_answer(unit, result.result) : failed(say_.what_rul_estimate, unit, result);
      break;
    }
    case Intent::unit_status:
      reply_.reply = status_answer(unit);
      break;
    case Intent::maintenance_history:
      reply_.reply = history_answer(unit);
      break;
    default: {  // schedule
      const auto& result =
          call_tool(tool_names::kOptimizeSchedule, {{"unit_list", nlohmann::json::array({unit_arguments(unit)})}});
      reply_.reply = result.success ? schedule_answer(result.result) : failed(say_.what_schedule, unit, result);
      break;
    }
  }
  return std::move(reply_);
}

}  // namespace

ChatReply answer_offline(CopilotTools& tools, const Conversation& conversation) {
  return OfflineAnswer(tools, conversation).answer();
}

}  // namespace aegis::copilot
