#include "tests/support/aegisd_command.hpp"

#include <atomic>

#include "tests/support/child_process.hpp"

namespace aegis::test {

nlohmann::json CommandRun::json() const {
  const auto start = output.rfind('{', 0) == 0 ? 0 : output.find("\n{") + 1;
  return nlohmann::json::parse(output.substr(start));
}

CommandRun run_aegisd(const std::vector<std::string>& args, const std::filesystem::path& log_dir,
                      std::chrono::seconds timeout) {
  static std::atomic<int> runs{0};  // names the log files of one test process apart
  std::vector<std::string> argv{AEGIS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess child(argv, log_dir / ("aegisd-command-" + std::to_string(++runs) + ".log"));
  const auto code = child.wait(timeout);
  return {code.value_or(-1), child.log()};
}

}  // namespace aegis::test
