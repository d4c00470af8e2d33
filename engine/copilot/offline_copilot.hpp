#pragma once
// The copilot for gateways without a language model: reads the intent and
// the unit from the conversation (intent.hpp), asks for what is missing,
// calls the same tools as the model providers, and writes a short answer
// whose numbers all come from the tool results. It always answers.
#include "engine/copilot/chat_types.hpp"
#include "engine/copilot/copilot_tools.hpp"

namespace aegis::copilot {

inline constexpr const char* kOfflineProvider = "offline";

ChatReply answer_offline(CopilotTools& tools, const Conversation& conversation);

}  // namespace aegis::copilot
