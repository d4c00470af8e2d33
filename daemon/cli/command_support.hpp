#pragma once
// What the one-shot sub-commands share: printing their JSON result, mapping
// failures to the exit codes of SPEC section 3 with one line on stderr, and
// loading the configuration when they touch the gateway's store.
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "daemon/cli/exit_codes.hpp"
#include "daemon/config/config.hpp"

namespace aegis::cli {

// Runs `work`, which returns the JSON result to print. std::invalid_argument
// is bad usage (exit 2); any other failure is "<activity> failed: ..." (exit 1).
template <class Work>
int run_printing_json(const std::string& activity, Work&& work) {
  try {
    const nlohmann::json result = work();
    std::cout << result.dump(2) << "\n";
    return kExitOk;
  } catch (const std::invalid_argument& e) {
    std::cerr << "aegisd: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "aegisd: " << activity << " failed: " << e.what() << "\n";
    return kExitFailure;
  }
}

// The configuration, or nullopt after printing the error (exit 2 follows).
std::optional<config::Config> load_config_or_report(const std::string& path);

}  // namespace aegis::cli
