#include "engine/copilot/offline_copilot.hpp"

#include <cstdio>

#include "engine/copilot/intent.hpp"

namespace aegis::copilot {
namespace {

const char* kCapabilities =
    "I can check a unit's failure risk, estimate its remaining useful life, schedule maintenance for it, "
    "summarise the fleet's risk and show the open maintenance jobs.";

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string percent(double probability) { return fixed(probability * 100.0, 1) + " %"; }

std::string unit_name(const telemetry::UnitKey& unit) {
  return "unit " + unit.unit_id + " (product " + unit.product_id + ")";
}

// Runs one tool and records the call and its result in the reply.
const ToolResult& call_tool(CopilotTools& tools, ChatReply& reply, const char* name, nlohmann::json arguments) {
  ToolCall call{.id = "call_" + std::to_string(reply.tool_calls.size() + 1), .name = name,
                .arguments = std::move(arguments)};
  reply.tool_results.push_back(tools.execute(call));
  reply.tool_calls.push_back(std::move(call));
  return reply.tool_results.back();
}

std::string failed(const std::string& what, const telemetry::UnitKey& unit, const ToolResult& result) {
  return "I could not get " + what + " for " + unit_name(unit) + ": " + result.error +
         ". Please arrange a manual inspection of the unit.";
}

// How sure the classifier is, in words: far from one half is confident.
std::string confidence(double probability) {
  if (probability >= 0.8 || probability <= 0.2) return "The model is confident in this prediction.";
  if (probability >= 0.65 || probability <= 0.35) return "The model is fairly confident in this prediction.";
  return "The prediction is borderline, so treat it with caution and check the unit.";
}

std::string failure_answer(const telemetry::UnitKey& unit, const nlohmann::json& result) {
  const double probability = result.at("failure_probability").get<double>();
  const bool will_fail = result.at("will_fail").get<bool>();
  std::string text = "The failure probability of " + unit_name(unit) + " is " + percent(probability);
  text += will_fail ? " and a failure is predicted (" + result.at("failure_type").get<std::string>() + ")."
                    : "; no failure is predicted.";
  return text + " " + confidence(probability) + " " + result.at("recommendation").get<std::string>();
}

std::string rul_answer(const telemetry::UnitKey& unit, const nlohmann::json& result) {
  const double hours = result.at("current_rul_hours").get<double>();
  std::string text = "The estimated remaining useful life of " + unit_name(unit) + " is " + fixed(hours, 1) + " hours";
  text += result.at("critical").get<bool>() ? ", which is critical." : ".";
  return text + " " + result.at("recommendation").get<std::string>();
}

std::string schedule_answer(const nlohmann::json& result) {
  const auto& planned = result.at("recommendations");
  const auto& unscheduled = result.at("unscheduled");
  std::string text;
  if (planned.empty()) {
    text = result.at("high_risk_units").get<std::size_t>() == 0
               ? "No unit is at risk at the default thresholds, so no maintenance was scheduled."
               : "No maintenance could be scheduled.";
  } else {
    text = "Scheduled maintenance (schedule " + result.at("schedule_id").get<std::string>() + "):";
    for (const auto& job : planned) {
      text += " unit " + job.at("unit_id").get<std::string>() + " (product " + job.at("product_id").get<std::string>() +
              ") from " + job.at("recommended_start").get<std::string>() + " to " +
              job.at("recommended_end").get<std::string>() + ", risk score " +
              fixed(job.at("risk_score").get<double>(), 2) + ";";
    }
    text.back() = '.';
    text += " The jobs are stored as PENDING.";
  }
  for (const auto& unit : unscheduled) {
    text += " Not scheduled: unit " + unit.value("unit_id", std::string()) + " (product " +
            unit.value("product_id", std::string()) + "): " + unit.value("reason", std::string()) + ".";
  }
  return text;
}

std::string fleet_answer(const nlohmann::json& result) {
  std::string text = "Of " + result.at("total_units").dump() + " units, " + result.at("at_risk").dump() +
                     " are at risk, " + result.at("not_at_risk").dump() + " are not, and " +
                     result.at("not_scored").dump() + " have not been scored since the gateway started.";
  for (const auto& unit : result.at("units_at_risk")) {
    text += " At risk: unit " + unit.at("unit_id").get<std::string>() + " (product " +
            unit.at("product_id").get<std::string>() + ")";
    if (unit.at("failure_probability").is_number()) {
      text += ", failure probability " + percent(unit.at("failure_probability").get<double>());
    }
    if (unit.at("rul_hours").is_number()) text += ", RUL " + fixed(unit.at("rul_hours").get<double>(), 1) + " hours";
    text += ".";
  }
  return text;
}

std::string jobs_answer(const nlohmann::json& result) {
  const auto& jobs = result.at("jobs");
  if (jobs.empty()) return "There are no open maintenance jobs.";
  std::string text = "Open maintenance jobs (" + result.at("count").dump() + "):";
  for (const auto& job : jobs) {
    text += " unit " + job.at("unit_id").get<std::string>() + " (product " + job.at("product_id").get<std::string>() +
            ") " + job.at("status").get<std::string>() + " from " + job.at("recommended_start").get<std::string>() + ";";
  }
  text.back() = '.';
  return text;
}

// Asks for the ids a unit question lacks; nullopt when the unit is known.
std::optional<std::string> missing_ids(const UnitResolution& resolution) {
  if (resolution.unit) return std::nullopt;
  if (!resolution.unit_id) return "Which unit do you mean? Please tell me its product id and unit id.";
  if (resolution.candidate_products.size() > 1) {
    std::string list;
    for (const auto& product : resolution.candidate_products) list += (list.empty() ? "" : ", ") + product;
    return "Unit " + *resolution.unit_id + " exists in several products (" + list + "). Which product do you mean?";
  }
  return "Which product is unit " + *resolution.unit_id + " part of? Please tell me its product id.";
}

nlohmann::json unit_arguments(const telemetry::UnitKey& unit) {
  return {{"product_id", unit.product_id}, {"unit_id", unit.unit_id}};
}

}  // namespace

ChatReply answer_offline(CopilotTools& tools, const Conversation& conversation) {
  ChatReply reply{.provider = kOfflineProvider};
  const std::string question = conversation.messages.empty() ? "" : conversation.messages.back().content;
  const Intent intent = detect_intent(question);
  if (intent == Intent::unknown) {
    reply.reply = std::string(kCapabilities) + " What would you like to know?";
    return reply;
  }
  if (intent == Intent::fleet_status) {
    const auto& result = call_tool(tools, reply, tool_names::kFleetRiskSummary, nlohmann::json::object());
    reply.reply = result.success ? fleet_answer(result.result)
                                 : "I could not read the fleet's risk: " + result.error + ".";
    return reply;
  }
  if (intent == Intent::show_schedule) {
    nlohmann::json filter = nlohmann::json::object();
    const auto named = find_ids(question, tools.known_units());
    if (named.unit_id) filter["unit_id"] = *named.unit_id;
    if (named.product_id) filter["product_id"] = *named.product_id;
    const auto& result = call_tool(tools, reply, tool_names::kOpenMaintenanceJobs, filter);
    reply.reply = result.success ? jobs_answer(result.result)
                                 : "I could not read the maintenance jobs: " + result.error + ".";
    return reply;
  }

  const auto known = tools.known_units();
  if (intent == Intent::schedule && mentions_whole_fleet(question)) {
    nlohmann::json unit_list = nlohmann::json::array();
    for (const auto& unit : known) unit_list.push_back(unit_arguments(unit));
    if (unit_list.empty()) {
      reply.reply = "No unit has reported telemetry yet, so there is nothing to schedule.";
      return reply;
    }
    const auto& result = call_tool(tools, reply, tool_names::kOptimizeSchedule, {{"unit_list", unit_list}});
    reply.reply = result.success ? schedule_answer(result.result)
                                 : "I could not schedule maintenance: " + result.error +
                                       ". Please arrange a manual inspection of the units at risk.";
    return reply;
  }

  const auto resolution = resolve_unit(conversation, known);
  if (const auto question_back = missing_ids(resolution)) {
    reply.reply = *question_back;
    return reply;
  }
  const auto& unit = *resolution.unit;
  switch (intent) {
    case Intent::failure_risk: {
      const auto& result = call_tool(tools, reply, tool_names::kPredictFailure, unit_arguments(unit));
      reply.reply = result.success ? failure_answer(unit, result.result) : failed("a failure prediction", unit, result);
      break;
    }
    case Intent::remaining_life: {
      const auto& result = call_tool(tools, reply, tool_names::kPredictRul, unit_arguments(unit));
      reply.reply = result.success ? rul_answer(unit, result.result) : failed("a remaining-life estimate", unit, result);
      break;
    }
    default: {  // schedule
      const auto& result = call_tool(tools, reply, tool_names::kOptimizeSchedule,
                                     {{"unit_list", nlohmann::json::array({unit_arguments(unit)})}});
      reply.reply = result.success ? schedule_answer(result.result) : failed("a maintenance schedule", unit, result);
      break;
    }
  }
  return reply;
}

}  // namespace aegis::copilot
