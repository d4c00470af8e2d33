#pragma once
// The conversation with a language model that may call tools: send the
// transcript, run every tool call it asks for, send the results back, until
// it answers in text or the round limit is reached.
#include "engine/copilot/chat_types.hpp"
#include "engine/copilot/copilot_tools.hpp"
#include "engine/copilot/model_client.hpp"

namespace aegis::copilot {

// Throws ProviderError (upstream when the model still asks for tools after
// `max_rounds` rounds of calls).
ChatReply converse(ModelClient& model, CopilotTools& tools, const Conversation& conversation, int max_rounds);

}  // namespace aegis::copilot
