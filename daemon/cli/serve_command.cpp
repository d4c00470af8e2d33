#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <csignal>
#include <ctime>
#include <iostream>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"
#include "daemon/config/config_loader.hpp"
#include "daemon/gateway/gateway.hpp"
#include "daemon/logging/logging.hpp"

namespace aegis::cli {
namespace {

// Signals are blocked in every thread and taken synchronously by the main
// loop below, so stop and reload run in ordinary code, never inside a
// signal handler.
sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

void reload(gateway::Gateway& gateway, const std::string& config_path) {
  try {
    gateway.reload(config::load_config_file(config_path, config::process_environment()));
  } catch (const config::ConfigError& e) {
    spdlog::error("configuration reload refused, keeping the running configuration: {}", e.what());
  }
}

}  // namespace

int serve_command(const std::string& config_path) {
  const auto loaded = load_config_or_report(config_path);
  if (!loaded) return kExitUsage;
  const config::Config& config = *loaded;
  logging::setup(config.logging.level,
                 config.logging.format == "json" ? logging::Format::json : logging::Format::text);

  const sigset_t signals = handled_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all inherit it

  gateway::Gateway gateway(config);
  try {
    gateway.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    std::cerr << "aegisd: cannot start: " << e.what() << "\n";
    return kExitFailure;
  }
  spdlog::info("aegisd {} ready (configuration {}, API on http://{})", AEGIS_VERSION, config_path, config.http.listen);
  sd_notify(0, "READY=1");

  std::uint64_t watchdog_usec = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0;
  const auto tick_ns = watchdog ? static_cast<long>(watchdog_usec / 2 * 1000) : 1'000'000'000L;
  for (;;) {
    timespec timeout{.tv_sec = tick_ns / 1'000'000'000L, .tv_nsec = tick_ns % 1'000'000'000L};
    const int signal = sigtimedwait(&signals, nullptr, &timeout);
    if (watchdog) sd_notify(0, "WATCHDOG=1");
    if (signal == SIGHUP) {
      sd_notify(0, "RELOADING=1");
      reload(gateway, config_path);
      sd_notify(0, "READY=1");
    } else if (signal == SIGTERM || signal == SIGINT) {
      spdlog::info("received {}, stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
  }
  sd_notify(0, "STOPPING=1");
  gateway.stop();
  spdlog::info("aegisd stopped");
  return kExitOk;
}

}  // namespace aegis::cli
