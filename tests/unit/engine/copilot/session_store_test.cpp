#include <catch2/catch.hpp>

#include "engine/copilot/session_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis;
using copilot::ChatMessage;

namespace {

std::vector<ChatMessage> conversation(int turns) {
  std::vector<ChatMessage> messages;
  for (int i = 0; i < turns; ++i) {
    messages.push_back({"user", "question " + std::to_string(i)});
    messages.push_back({"assistant", "answer " + std::to_string(i)});
  }
  return messages;
}

}  // namespace

TEST_CASE("a resent conversation adds only its new messages, also past the session bound", "[copilot]") {
  const auto stored_all = conversation(30);  // 60 messages
  auto request = stored_all;
  request.push_back({"user", "question 30"});

  // The whole conversation is stored: only the new question is new.
  CHECK(copilot::unseen_messages(stored_all, request) == std::vector<ChatMessage>{{"user", "question 30"}});
  // Only the newest 40 are stored: they still mark where the new part begins.
  const std::vector<ChatMessage> newest(stored_all.end() - 40, stored_all.end());
  CHECK(copilot::unseen_messages(newest, request) == std::vector<ChatMessage>{{"user", "question 30"}});
  // A client that sends just the new message.
  CHECK(copilot::unseen_messages(newest, {{"user", "question 30"}}) == std::vector<ChatMessage>{{"user", "question 30"}});
  // Nothing stored yet: everything is new.
  CHECK(copilot::unseen_messages({}, request).size() == 61);
}

TEST_CASE("sessions keep their newest messages, and all sessions together a bounded number", "[copilot]") {
  test::TempDir dir;
  store::Database db({.path = dir / "c.db"});
  copilot::SessionStore sessions(db, 4, 10);
  sessions.append("ses_a", conversation(3));  // 6 messages, 4 kept
  const auto a = sessions.history("ses_a");
  REQUIRE(a.size() == 4);
  CHECK(a.front() == ChatMessage{"user", "question 1"});
  CHECK(a.back() == ChatMessage{"assistant", "answer 2"});

  for (const char* id : {"ses_b", "ses_c"}) sessions.append(id, conversation(2));  // 4 each: 12 in all
  CHECK(sessions.history("ses_a").size() == 2);  // the oldest two went
  CHECK(sessions.history("ses_b").size() == 4);
  CHECK(sessions.history("ses_c").size() == 4);
  CHECK(sessions.clear("ses_b"));
  CHECK_FALSE(sessions.clear("ses_b"));
  CHECK(sessions.history("ses_b").empty());
}
