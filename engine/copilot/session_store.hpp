#pragma once
// The copilot's conversations in SQLite (copilot_message), by session id.
// A session keeps only its newest `max_messages` messages, and all sessions
// together the newest kMaxStoredMessages: an old conversation must not grow
// the prompt, nor many short ones the database, without bound.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/copilot/chat_types.hpp"
#include "engine/store/database.hpp"

namespace aegis::copilot {

// Over all sessions together; the oldest messages go first.
inline constexpr std::size_t kMaxStoredMessages = 100000;

class SessionStore {
 public:
  SessionStore(store::Database& database, std::size_t max_messages, std::size_t max_total = kMaxStoredMessages)
      : database_(database), max_messages_(max_messages), max_total_(max_total) {}

  // Oldest first; empty for an unknown session.
  std::vector<ChatMessage> history(const std::string& session_id) const;

  // Appends, then drops the oldest beyond the bound.
  void append(const std::string& session_id, const std::vector<ChatMessage>& messages);

  // Removes every message of the session; false when it had none.
  bool clear(const std::string& session_id);

  // A fresh id: "ses_" and 24 lower-case hex digits.
  static std::string new_session_id();

 private:
  store::Database& database_;
  std::size_t max_messages_;
  std::size_t max_total_;
};

// The request's messages the session does not hold yet: a client that sends
// the whole conversation again with its session id repeats what is stored
// (of which `stored`, the session's newest messages, may be only the end).
std::vector<ChatMessage> unseen_messages(const std::vector<ChatMessage>& stored,
                                         const std::vector<ChatMessage>& request);

}  // namespace aegis::copilot
