#include "engine/copilot/session_store.hpp"

#include <algorithm>
#include <random>

#include "engine/common/time.hpp"
#include "engine/store/row_cap.hpp"
#include "engine/store/sqlite.hpp"

namespace aegis::copilot {

std::vector<ChatMessage> SessionStore::history(const std::string& session_id) const {
  auto reader = database_.reader();
  store::Statement query(*reader,
                         "SELECT role, content FROM (SELECT id, role, content FROM copilot_message WHERE session_id = ? "
                         "ORDER BY id DESC LIMIT ?) ORDER BY id");
  query.bind(1, session_id).bind(2, static_cast<std::int64_t>(max_messages_));
  std::vector<ChatMessage> messages;
  while (query.step()) messages.push_back({query.column_text(0), query.column_text(1)});
  return messages;
}

void SessionStore::append(const std::string& session_id, const std::vector<ChatMessage>& messages) {
  database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    store::Statement insert(connection,
                            "INSERT INTO copilot_message (session_id, role, content, created_at) VALUES (?, ?, ?, ?)");
    const auto now = time::now().time_since_epoch().count();
    for (const auto& message : messages) {
      insert.bind(1, session_id).bind(2, message.role).bind(3, message.content).bind(4, static_cast<std::int64_t>(now));
      insert.run();
      insert.reset();
    }
    store::Statement trim(connection,
                          "DELETE FROM copilot_message WHERE session_id = ?1 AND id NOT IN (SELECT id FROM "
                          "copilot_message WHERE session_id = ?1 ORDER BY id DESC LIMIT ?2)");
    trim.bind(1, session_id).bind(2, static_cast<std::int64_t>(max_messages_));
    trim.run();
    // Clients that never reuse a session id start a new one with every
    // question: over all sessions only the newest messages are kept.
    store::keep_newest_rows(connection, "copilot_message", static_cast<std::int64_t>(max_total_));
    transaction.commit();
  });
}

bool SessionStore::clear(const std::string& session_id) {
  return database_.write([&](store::Connection& connection) {
    store::Statement remove(connection, "DELETE FROM copilot_message WHERE session_id = ?");
    remove.bind(1, session_id);
    remove.run();
    return connection.changes() > 0;
  });
}

std::string SessionStore::new_session_id() {
  std::random_device source;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id = "ses_";
  for (int i = 0; i < 24; ++i) id += "0123456789abcdef"[digit(source)];
  return id;
}

std::vector<ChatMessage> unseen_messages(const std::vector<ChatMessage>& stored,
                                         const std::vector<ChatMessage>& request) {
  // `stored` is the session's newest messages only, so in a resent
  // conversation it is a run that ends somewhere before the request's last
  // message; the latest such run marks where the new messages begin.
  if (stored.empty() || request.size() <= stored.size()) return request;
  for (std::size_t end = request.size() - 1; end >= stored.size(); --end) {
    const auto begin = request.begin() + static_cast<std::ptrdiff_t>(end - stored.size());
    if (std::equal(stored.begin(), stored.end(), begin)) {
      return {request.begin() + static_cast<std::ptrdiff_t>(end), request.end()};
    }
  }
  return request;
}

}  // namespace aegis::copilot
