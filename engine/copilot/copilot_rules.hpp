#pragma once
// The rules a language model is given (SPEC section 8), with the unit the
// operator is looking at.
#include <string>

#include "engine/copilot/chat_types.hpp"

namespace aegis::copilot {

std::string system_instruction(const ChatContext& context);

}  // namespace aegis::copilot
