#include <iostream>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/config/config_loader.hpp"

namespace aegis::cli {

int check_config_command(const std::string& config_path) {
  const auto config = load_config_or_report(config_path);
  if (!config) return kExitUsage;
  std::cout << "# effective configuration of " << config_path << " (valid)\n" << config::render_config(*config);
  return kExitOk;
}

}  // namespace aegis::cli
