#include "daemon/copilot/copilot_runtime.hpp"

namespace aegis::copilot {

CopilotRuntime::CopilotRuntime(const config::Config& config, ToolDependencies dependencies, store::Database& database)
    : tools(std::move(dependencies)),
      sessions(database, static_cast<std::size_t>(config.copilot.session_max_messages)),
      service(config.copilot, tools, sessions),
      worker(static_cast<int>(config.copilot.workers), static_cast<std::size_t>(config.copilot.queue_limit)) {}

}  // namespace aegis::copilot
