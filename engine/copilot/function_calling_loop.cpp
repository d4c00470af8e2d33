#include "engine/copilot/function_calling_loop.hpp"

#include "engine/copilot/copilot_rules.hpp"

namespace aegis::copilot {

ChatReply converse(ModelClient& model, CopilotTools& tools, const Conversation& conversation, int max_rounds) {
  std::vector<TranscriptEntry> transcript;
  for (const auto& message : conversation.messages) {
    transcript.push_back({.kind = message.role == "assistant" ? TranscriptEntry::Kind::model_text
                                                              : TranscriptEntry::Kind::user_text,
                          .text = message.content});
  }
  const std::string rules = system_instruction(conversation.context);
  ChatReply reply;
  for (int round = 0; round <= max_rounds; ++round) {
    auto turn = model.complete({rules, CopilotTools::declarations(), transcript});
    if (turn.calls.empty()) {
      reply.reply = std::move(turn.text);
      return reply;
    }
    if (round == max_rounds) break;
    TranscriptEntry results{.kind = TranscriptEntry::Kind::tool_results};
    for (auto& call : turn.calls) {
      if (call.id.empty()) call.id = "call_" + std::to_string(reply.tool_calls.size() + 1);
      results.results.push_back(tools.execute(call));
      reply.tool_calls.push_back(call);
      reply.tool_results.push_back(results.results.back());
    }
    transcript.push_back({.kind = TranscriptEntry::Kind::model_calls,
                          .text = turn.text,
                          .calls = std::move(turn.calls),
                          .provider_message = std::move(turn.provider_message)});
    transcript.push_back(std::move(results));
  }
  throw ProviderError(ProviderError::Kind::upstream, "The model kept calling tools after " +
                                                         std::to_string(max_rounds) + " rounds without an answer");
}

}  // namespace aegis::copilot
