#include <iostream>

#include "daemon/cli/command_support.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/progress_bar.hpp"
#include "drivers/datasets/training_data.hpp"
#include "drivers/replay/replay.hpp"

namespace aegis::cli {

int replay_command(const ReplayArguments& args) {
  const auto profile = profiles::builtin_profile(args.profile);
  if (!profile) {
    std::cerr << "aegisd: unknown profile '" << args.profile << "' (ai4i or turbofan)\n";
    return kExitUsage;
  }
  if (args.rate < 0) {
    std::cerr << "aegisd: --rate must be 0 (as fast as possible) or more messages per second\n";
    return kExitUsage;
  }
  return run_printing_json("replay", [&] {
    const auto data = datasets::load_training_data(*profile, args.data);
    replay::ReplayOptions options;
    options.broker = args.broker;
    options.topic_prefix = args.topic_prefix;
    options.rate = args.rate;
    options.client_id = args.client_id;
    const auto result = replay::replay(data.readings, *profile, options, terminal_progress_bar());
    const double seconds = static_cast<double>(result.elapsed.count()) / 1000.0;
    return nlohmann::json{{"published", result.published},
                          {"seconds", seconds},
                          {"messages_per_second", seconds > 0 ? static_cast<double>(result.published) / seconds : 0.0},
                          {"broker", args.broker}};
  });
}

}  // namespace aegis::cli
