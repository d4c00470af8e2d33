#pragma once
// The copilot's conversations in SQLite (copilot_message), by session id.
// A session keeps only its newest `max_messages` messages: an old
// conversation must not grow the prompt or the database without bound.
#include <cstddef>
#include <string>
#include <vector>

#include "engine/copilot/chat_types.hpp"
#include "engine/store/database.hpp"

namespace aegis::copilot {

class SessionStore {
 public:
  SessionStore(store::Database& database, std::size_t max_messages)
      : database_(database), max_messages_(max_messages) {}

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
};

// The request's messages the session does not hold yet: a client that sends
// the whole conversation again with its session id repeats what is stored.
std::vector<ChatMessage> unseen_messages(const std::vector<ChatMessage>& stored,
                                         const std::vector<ChatMessage>& request);

}  // namespace aegis::copilot
