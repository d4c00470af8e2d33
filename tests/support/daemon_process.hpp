#pragma once
// A real aegisd process on a free loopback port with its own data folder,
// for tests of the binary as an operator runs it.
#include <chrono>
#include <memory>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace aegis::test {

class DaemonProcess {
 public:
  // `extra_yaml` is appended to a configuration that sets http.listen and
  // storage.data_dir.
  explicit DaemonProcess(const std::string& extra_yaml = "", std::map<std::string, std::string> env = {});
  // Starts aegisd and waits until GET /health answers; false on timeout or exit.
  bool start();
  unsigned short port() const { return port_; }
  // Waits until GET /health reports this MQTT state; false after `limit`.
  bool mqtt_is(const std::string& state, std::chrono::milliseconds limit = std::chrono::seconds(20)) const;
  ChildProcess& process() { return *process_; }
  const TempDir& dir() const { return dir_; }
  // The environment of the next start().
  std::map<std::string, std::string>& env() { return env_; }
  std::string config_path() const { return (dir_ / "aegisd.yaml").string(); }

 private:
  TempDir dir_;
  unsigned short port_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace aegis::test
