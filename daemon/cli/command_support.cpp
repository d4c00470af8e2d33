#include "daemon/cli/command_support.hpp"

#include "daemon/config/config_loader.hpp"

namespace aegis::cli {

std::optional<config::Config> load_config_or_report(const std::string& path) {
  try {
    return config::load_config_file(path, config::process_environment());
  } catch (const config::ConfigError& e) {
    std::cerr << "aegisd: " << e.what() << "\n";
    return std::nullopt;
  }
}

}  // namespace aegis::cli
