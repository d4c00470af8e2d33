#pragma once
// A program started by a test (aegisd itself, mosquitto), with its output in
// a log file, stopped with SIGKILL if the test forgets.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace aegis::test {

class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::filesystem::path log_file,
               std::map<std::string, std::string> extra_env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int signal_number) const;
  // The exit code (128 + signal when killed), or nullopt if still running
  // after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path log_file_;
};

}  // namespace aegis::test
