#include <iostream>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"
#include "daemon/config/config_loader.hpp"

namespace aegis::cli {

int check_config_command(const std::string& config_path) {
  try {
    const auto config = config::load_config_file(config_path, config::process_environment());
    std::cout << "# effective configuration of " << config_path << " (valid)\n" << config::render_config(config);
    return kExitOk;
  } catch (const config::ConfigError& e) {
    std::cerr << "aegisd: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace aegis::cli
