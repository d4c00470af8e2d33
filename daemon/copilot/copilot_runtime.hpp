#pragma once
// Everything the copilot's routes reach, built once by Gateway: the tools
// over the engine, the session store, the worker threads and the service.
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/copilot/copilot_service.hpp"
#include "daemon/workers/job_worker.hpp"
#include "engine/copilot/copilot_tools.hpp"
#include "engine/copilot/session_store.hpp"

namespace aegis::copilot {

class CopilotRuntime {
 public:
  CopilotRuntime(const config::Config& config, ToolDependencies dependencies, store::Database& database);

  CopilotTools tools;
  SessionStore sessions;
  CopilotService service;
  workers::JobWorker worker;
};

}  // namespace aegis::copilot
