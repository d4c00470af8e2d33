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
  failure_risk,         // "what is the risk of ...", "I'm worried about ..."
  remaining_life,       // "how much time do we have", "RUL"
  unit_status,          // "status of unit 7", "Tampilkan status untuk mesin nomor 7"
  maintenance_history,  // "maintenance history of unit 7", "Tampilkan riwayat pemeliharaan mesin nomor 7"
  due_this_week,        // "which units need maintenance this week", "Tampilkan mesin yang memerlukan pemeliharaan minggu ini"
  schedule,             // "schedule maintenance for it"
  show_schedule,        // "show the schedule", "open jobs"
  fleet_status,         // "list units", "fleet status", "which units are at risk"
  unknown,
};

// English and Indonesian (the seed's web front-end asks in Indonesian).
Intent detect_intent(const std::string& message);

enum class Language { english, indonesian };

// The language of a message, when its words say: Indonesian when it has a
// word only Indonesian uses ("tampilkan", "mesin", "yang", ...), English when
// it has an English function word; nullopt for "7" or "UNIT_202".
std::optional<Language> message_language(const std::string& message);

// The language to answer in: that of the newest user message that shows
// one, else English.
Language reply_language(const Conversation& conversation);

// The ids one message names: tokens equal to a known unit or product id, or
// following the words "unit" / "product" ("UNIT_202", "unit 7",
// "product L47181"; "mesin nomor 7", "machine #7", "produk L47181").
struct MentionedIds {
  std::optional<std::string> product_id;
  std::optional<std::string> unit_id;
};
MentionedIds find_ids(const std::string& message, const std::vector<telemetry::UnitKey>& known_units);

// The unit a question is about: ids in the question first, then the request
// context, then the operator's earlier messages (newest first). A unit id without its
// product takes the product named nearest the question (the question, the
// context, then history) that has such a unit, else that of the one known
// unit with that id.
struct UnitResolution {
  std::optional<telemetry::UnitKey> unit;
  std::optional<std::string> unit_id;         // found, but its product is missing or ambiguous
  std::vector<std::string> candidate_products;  // when ambiguous
};
UnitResolution resolve_unit(const Conversation& conversation, const std::vector<telemetry::UnitKey>& known_units);

// Whether the message asks about every unit ("all units", "the fleet").
bool mentions_whole_fleet(const std::string& message);

}  // namespace aegis::copilot
