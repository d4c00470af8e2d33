#pragma once
// One /copilot/chat answer: the session's earlier messages, the provider
// the configuration picks (Gemini, an OpenAI-compatible server, or the
// offline copilot), the tools, and the exchange stored back in the session.
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "engine/copilot/chat_types.hpp"
#include "engine/copilot/copilot_tools.hpp"
#include "engine/copilot/session_store.hpp"

namespace aegis::copilot {

struct ChatRequest {
  std::vector<ChatMessage> messages;
  ChatContext context;
  std::optional<std::string> session_id;
};

struct ChatOutcome {
  ChatReply reply;
  std::string session_id;
};

// "gemini", "openai" or "offline": auto is Gemini when a key is set.
std::string resolved_provider(const config::CopilotConfig& config);

class CopilotService {
 public:
  CopilotService(const config::CopilotConfig& config, CopilotTools& tools, SessionStore& sessions)
      : config_(config), tools_(tools), sessions_(sessions) {}

  // Throws ProviderError(not_configured) when the provider cannot be used
  // (Gemini without a key); checked before a request is queued.
  void check_configured() const;

  // Runs on a copilot worker. Throws ProviderError; nothing is stored then.
  ChatOutcome chat(const ChatRequest& request, std::stop_token stop);

 private:
  ChatReply ask_model(const Conversation& conversation, std::stop_token stop);

  const config::CopilotConfig& config_;
  CopilotTools& tools_;
  SessionStore& sessions_;
};

}  // namespace aegis::copilot
