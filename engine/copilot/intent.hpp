#pragma once
// The offline copilot's reading of a question: what the operator wants and
// which unit they mean. Deterministic keyword rules, no model.
#include <optional>
#include <string>
#include <vector>

#include "engine/copilot/chat_types.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::copilot {

enum class Intent {
  failure_risk,    // "what is the risk of ...", "I'm worried about ..."
  remaining_life,  // "how much time do we have", "RUL"
  schedule,        // "schedule maintenance for it"
  show_schedule,   // "show the schedule", "open jobs"
  fleet_status,    // "list units", "fleet status", "which units are at risk"
  unknown,
};

Intent detect_intent(const std::string& message);

// The ids one message names: tokens equal to a known unit or product id, or
// following the words "unit" / "product" ("UNIT_202", "unit 7",
// "product L47181").
struct MentionedIds {
  std::optional<std::string> product_id;
  std::optional<std::string> unit_id;
};
MentionedIds find_ids(const std::string& message, const std::vector<telemetry::UnitKey>& known_units);

// The unit a question is about: ids in the question first, then the request
// context, then earlier messages (newest first); a unit id alone takes the
// product of the one known unit with that id.
struct UnitResolution {
  std::optional<telemetry::UnitKey> unit;
  std::optional<std::string> unit_id;         // found, but its product is missing or ambiguous
  std::vector<std::string> candidate_products;  // when ambiguous
};
UnitResolution resolve_unit(const Conversation& conversation, const std::vector<telemetry::UnitKey>& known_units);

// Whether the message asks about every unit ("all units", "the fleet").
bool mentions_whole_fleet(const std::string& message);

}  // namespace aegis::copilot
