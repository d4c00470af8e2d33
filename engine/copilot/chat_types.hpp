#pragma once
// The copilot's conversation as every provider sees it: the operator's and
// the copilot's messages, the tool calls a turn made and what they returned.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace aegis::copilot {

struct ChatMessage {
  std::string role;  // "user" or "assistant"
  std::string content;
  bool operator==(const ChatMessage&) const = default;
};

// The unit the operator is looking at, when the client says so.
struct ChatContext {
  std::optional<std::string> product_id;
  std::optional<std::string> unit_id;
};

// Earlier messages and the new ones, oldest first; the last is the
// operator's question.
struct Conversation {
  std::vector<ChatMessage> messages;
  ChatContext context;
};

struct ToolCall {
  std::string id;  // the provider's call id (OpenAI), or one made up for it
  std::string name;
  nlohmann::json arguments = nlohmann::json::object();
  nlohmann::json to_json() const { return {{"name", name}, {"arguments", arguments}}; }
};

struct ToolResult {
  std::string call_id;
  std::string tool_name;
  bool success = false;
  nlohmann::json result;  // when success
  std::string error;      // when not
  // {tool_name, success, result} or {tool_name, success, error}: what the
  // model reads and what /copilot/chat reports.
  nlohmann::json to_json() const;
};

// One answer of the copilot.
struct ChatReply {
  std::string reply;
  std::vector<ToolCall> tool_calls;
  std::vector<ToolResult> tool_results;
  std::string provider;

  // The seed's `intermediate_steps`: per tool call {tool, tool_input,
  // output}, the output as text (the result's JSON, or the error) cut at
  // 500 characters, as the seed cut its own.
  nlohmann::json intermediate_steps() const;
};

}  // namespace aegis::copilot
