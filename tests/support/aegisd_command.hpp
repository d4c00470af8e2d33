#pragma once
// One run of an `aegisd` sub-command (train, simulate, import-model, ...) as
// an operator would type it, for tests of the command line.
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace aegis::test {

struct CommandRun {
  int code = -1;       // exit code; -1 when it did not finish in time
  std::string output;  // stdout and stderr together
  // The JSON object the command printed (the first line that opens one).
  nlohmann::json json() const;
};

// Runs the aegisd binary under test with `args`; its output is kept in a log
// file in `log_dir`.
CommandRun run_aegisd(const std::vector<std::string>& args, const std::filesystem::path& log_dir,
                      std::chrono::seconds timeout = std::chrono::seconds(120));

}  // namespace aegis::test
