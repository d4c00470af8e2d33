#include "engine/copilot/intent.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace aegis::copilot {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool has_any(const std::string& text, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* word) { return text.find(word) != std::string::npos; });
}

bool is_id_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

std::vector<std::string> tokens(const std::string& message) {
  std::vector<std::string> list;
  std::string current;
  for (const char c : message) {
    if (is_id_char(c)) {
      current += c;
    } else if (!current.empty()) {
      list.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) list.push_back(std::move(current));
  // "it's" and trailing dashes are not ids.
  for (auto& token : list) {
    while (!token.empty() && token.back() == '-') token.pop_back();
  }
  return list;
}

bool has_letter(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c); });
}

bool has_digit(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::optional<std::string> known_id(const std::string& token, const std::set<std::string>& ids) {
  for (const auto& id : ids) {
    if (lower(id) == lower(token)) return id;
  }
  return std::nullopt;
}

}  // namespace

Intent detect_intent(const std::string& message) {
  const auto text = lower(message);
  const bool schedule_word = has_any(text, {"schedul", "plan ", "plan maintenance", "book "});
  if (has_any(text, {"open job", "maintenance job", "pending job", "list job", "jobs", "what is scheduled",
                     "what's scheduled", "whats scheduled", "show the schedule", "show schedule", "current schedule",
                     "the schedule"}) &&
      !has_any(text, {"schedule maintenance", "schedule a", "schedule it", "schedule them"})) {
    return Intent::show_schedule;
  }
  if (schedule_word) return Intent::schedule;
  const auto words = tokens(text);
  const bool says_rul = std::find(words.begin(), words.end(), "rul") != words.end();
  if (says_rul || has_any(text, {"how much time", "how long", "time left", "time do we have", "remaining",
                                 "useful life", "hours left", "life left", "lifetime"})) {
    return Intent::remaining_life;
  }
  if (has_any(text, {"fleet", "all units", "all machines", "which units", "which machines", "list units",
                     "list the units", "list machines", "units at risk", "machines at risk", "overview"})) {
    return Intent::fleet_status;
  }
  if (has_any(text, {"risk", "fail", "worried", "concern", "probab", "health", "break", "problem", "predict",
                     "check"})) {
    return Intent::failure_risk;
  }
  return Intent::unknown;
}

bool mentions_whole_fleet(const std::string& message) {
  return has_any(lower(message), {"all units", "all machines", "fleet", "every unit", "all at-risk", "all at risk",
                                  "units at risk", "machines at risk"});
}

MentionedIds find_ids(const std::string& message, const std::vector<telemetry::UnitKey>& known_units) {
  std::set<std::string> products, units;
  for (const auto& unit : known_units) {
    products.insert(unit.product_id);
    units.insert(unit.unit_id);
  }
  const auto words = tokens(message);
  MentionedIds found;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto word = lower(words[i]);
    const auto previous = i > 0 ? lower(words[i - 1]) : std::string();
    const bool after_unit_word = previous == "unit" || previous == "unit_id" || previous == "machine" ||
                                 previous == "engine" || previous == "asset";
    const bool after_product_word = previous == "product" || previous == "product_id";
    if (!found.product_id) {
      if (auto id = known_id(words[i], products); id && (has_letter(*id) || after_product_word)) {
        found.product_id = id;
        continue;
      }
      if (after_product_word && has_digit(words[i])) {
        found.product_id = words[i];
        continue;
      }
    }
    if (!found.unit_id) {
      // Numeric ids only after a word that says so: "1" alone is a count.
      if (auto id = known_id(words[i], units); id && (has_letter(*id) || after_unit_word)) {
        found.unit_id = id;
      } else if ((after_unit_word && has_digit(words[i])) || (word.rfind("unit_", 0) == 0 && word.size() > 5) ||
                 (word.rfind("unit-", 0) == 0 && word.size() > 5)) {
        found.unit_id = words[i];
      }
    }
  }
  return found;
}

UnitResolution resolve_unit(const Conversation& conversation, const std::vector<telemetry::UnitKey>& known_units) {
  // Sources in order of authority: the question, the context, then the
  // earlier messages newest first.
  std::vector<MentionedIds> sources;
  const auto& messages = conversation.messages;
  if (!messages.empty()) sources.push_back(find_ids(messages.back().content, known_units));
  sources.push_back({conversation.context.product_id, conversation.context.unit_id});
  for (auto it = messages.rbegin() + (messages.empty() ? 0 : 1); it != messages.rend(); ++it) {
    sources.push_back(find_ids(it->content, known_units));
  }
  UnitResolution resolution;
  std::optional<std::string> product;
  for (const auto& source : sources) {
    if (source.unit_id) {
      resolution.unit_id = source.unit_id;
      product = source.product_id;
      break;
    }
  }
  if (!resolution.unit_id) return resolution;
  if (!product) {
    for (const auto& unit : known_units) {
      if (unit.unit_id == *resolution.unit_id) resolution.candidate_products.push_back(unit.product_id);
    }
    if (resolution.candidate_products.size() == 1) product = resolution.candidate_products.front();
  }
  if (!product && resolution.candidate_products.empty()) {
    // An unknown unit: the product named nearest the question, if any.
    for (const auto& source : sources) {
      if (source.product_id) {
        product = source.product_id;
        break;
      }
    }
  }
  if (product) resolution.unit = telemetry::UnitKey{*product, *resolution.unit_id};
  return resolution;
}

}  // namespace aegis::copilot
