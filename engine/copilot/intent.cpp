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

bool has_word(const std::vector<std::string>& words, std::initializer_list<const char*> wanted) {
  return std::any_of(wanted.begin(), wanted.end(),
                     [&](const char* word) { return std::find(words.begin(), words.end(), word) != words.end(); });
}

// "schedule maintenance for it", "jadwalkan pemeliharaan": an order to plan,
// never a question about the plan.
bool orders_planning(const std::string& text) {
  return has_any(text, {"schedule maintenance", "schedule a", "schedule it", "schedule them", "jadwalkan"});
}

}  // namespace

Intent detect_intent(const std::string& message) {
  const auto text = lower(message);
  const auto words = tokens(text);
  if (has_any(text, {"history", "riwayat", "past maintenance", "maintenance log", "previous maintenance",
                     "past jobs", "earlier jobs"})) {
    return Intent::maintenance_history;
  }
  if (!orders_planning(text) &&
      has_any(text, {"need maintenance", "needs maintenance", "need service", "needs service", "due for maintenance",
                     "due this week", "maintenance this week", "memerlukan pemeliharaan", "perlu pemeliharaan",
                     "butuh pemeliharaan", "memerlukan perawatan", "perlu perawatan", "butuh perawatan",
                     "pemeliharaan minggu ini", "perawatan minggu ini"})) {
    return Intent::due_this_week;
  }
  const bool schedule_word = has_any(text, {"schedul", "plan ", "plan maintenance", "book ", "jadwalkan"});
  if (has_any(text, {"open job", "maintenance job", "pending job", "list job", "jobs", "what is scheduled",
                     "what's scheduled", "whats scheduled", "show the schedule", "show schedule", "current schedule",
                     "the schedule", "tampilkan jadwal", "jadwal pemeliharaan", "pekerjaan pemeliharaan"}) &&
      !orders_planning(text)) {
    return Intent::show_schedule;
  }
  if (schedule_word) return Intent::schedule;
  if (has_word(words, {"rul"}) ||
      has_any(text, {"how much time", "how long", "time left", "time do we have", "remaining", "useful life",
                     "hours left", "life left", "lifetime", "sisa umur", "umur pakai", "berapa lama"})) {
    return Intent::remaining_life;
  }
  if (has_any(text, {"fleet", "all units", "all machines", "which units", "which machines", "list units",
                     "list the units", "list machines", "units at risk", "machines at risk", "overview", "how many units",
                     "how many machines", "armada", "semua mesin", "semua unit", "mesin mana", "unit mana",
                     "berapa mesin", "berapa unit"})) {
    return Intent::fleet_status;
  }
  if (has_word(words, {"status", "condition", "state", "kondisi", "keadaan"})) return Intent::unit_status;
  if (has_any(text, {"risk", "fail", "worried", "concern", "probab", "health", "break", "problem", "predict",
                     "check", "risiko", "gagal", "rusak", "kerusakan", "prediksi"})) {
    return Intent::failure_risk;
  }
  return Intent::unknown;
}

std::optional<Language> message_language(const std::string& message) {
  const auto words = tokens(lower(message));
  // Everyday words of each language; the one with more of them wins, so a
  // name that happens to be an Indonesian word ("Dan") does not decide.
  const auto count = [&](std::initializer_list<const char*> vocabulary) {
    return std::count_if(words.begin(), words.end(), [&](const std::string& word) {
      return std::any_of(vocabulary.begin(), vocabulary.end(), [&](const char* known) { return word == known; });
    });
  };
  const auto indonesian =
      count({"tampilkan", "mesin", "yang", "untuk", "nomor", "pemeliharaan", "perawatan", "riwayat", "minggu", "ini",
             "itu", "apa", "apakah", "berapa", "bagaimana", "jadwal", "jadwalkan", "risiko", "sisa", "umur", "semua",
             "perlu", "memerlukan", "butuh", "kapan", "dan", "dengan", "saya", "kami", "tolong", "mohon", "produk",
             "kegagalan", "kondisi", "keadaan", "ada", "sedang", "saat", "halo", "bisa", "kamu", "anda"});
  const auto english =
      count({"the", "what", "which", "show", "is", "are", "of", "for", "how", "my", "me", "please", "this", "that",
             "does", "do", "list", "when", "and", "with", "i", "we", "it", "any", "hello", "hi", "here", "there",
             "need", "needs", "will", "can", "you"});
  if (indonesian == 0 && english == 0) return std::nullopt;
  return indonesian > english ? Language::indonesian : Language::english;
}

Language reply_language(const Conversation& conversation) {
  for (auto it = conversation.messages.rbegin(); it != conversation.messages.rend(); ++it) {
    if (it->role != "user") continue;
    if (const auto language = message_language(it->content)) return *language;
  }
  return Language::english;
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
    // "mesin nomor 7" (Indonesian: machine number 7), "machine #7".
    const bool after_unit_word = previous == "unit" || previous == "unit_id" || previous == "machine" ||
                                 previous == "engine" || previous == "asset" || previous == "number" ||
                                 previous == "mesin" || previous == "nomor";
    const bool after_product_word = previous == "product" || previous == "product_id" || previous == "produk";
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
  // The copilot's own messages are left out: a question back lists every
  // candidate ("Unit 7 exists in several products (L47181, M14860)").
  for (auto it = messages.rbegin() + (messages.empty() ? 0 : 1); it != messages.rend(); ++it) {
    if (it->role == "user") sources.push_back(find_ids(it->content, known_units));
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
    // The product named nearest the question that has such a unit (any
    // product, for a unit no product has reported yet).
    for (const auto& source : sources) {
      if (!source.product_id) continue;
      const auto& candidates = resolution.candidate_products;
      if (candidates.empty() || std::find(candidates.begin(), candidates.end(), *source.product_id) != candidates.end()) {
        product = source.product_id;
        break;
      }
    }
    if (!product && resolution.candidate_products.size() == 1) product = resolution.candidate_products.front();
  }
  if (product) resolution.unit = telemetry::UnitKey{*product, *resolution.unit_id};
  return resolution;
}

}  // namespace aegis::copilot
