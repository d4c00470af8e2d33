#include "daemon/cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"

namespace aegis::cli {

int run(int argc, char** argv) {
  CLI::App app{"aegisd - AEGIS edge gateway daemon: MQTT telemetry, on-device XGBoost scoring, local REST API"};
  app.fallthrough();  // options of the main command may follow a sub-command
  std::string config_path = "/etc/aegis/aegisd.yaml";
  app.add_option("-c,--config", config_path, "configuration file")->capture_default_str();

  auto* serve = app.add_subcommand("serve", "run the daemon (the default)");
  auto* check = app.add_subcommand("check-config", "validate the configuration and print it, secrets redacted");
  auto* version = app.add_subcommand("version", "print the version");
  app.require_subcommand(0, 1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "aegisd: " << e.what() << " (see aegisd --help)\n";
    return kExitUsage;
  }

  if (*version) {
    std::cout << "aegisd " << AEGIS_VERSION << "\n";
    return kExitOk;
  }
  if (*check) return check_config_command(config_path);
  (void)serve;
  return serve_command(config_path);
}

}  // namespace aegis::cli
