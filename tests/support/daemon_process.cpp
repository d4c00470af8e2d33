#include "tests/support/daemon_process.hpp"

#include <thread>

#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"

namespace aegis::test {

DaemonProcess::DaemonProcess(const std::string& extra_yaml, std::map<std::string, std::string> env)
    : port_(free_port()), env_(std::move(env)) {
  write_file(dir_ / "aegisd.yaml", "http:\n  listen: \"127.0.0.1:" + std::to_string(port_) +
                                       "\"\nstorage:\n  data_dir: \"" + (dir_ / "data").string() + "\"\n" +
                                       extra_yaml);
}

bool DaemonProcess::start() {
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{AEGIS_BINARY, "serve", "--config", config_path()}, dir_ / "aegisd.log", env_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (process_->wait(std::chrono::milliseconds(0))) return false;
    try {
      HttpClient client(port_);
      if (client.get("/health").status != 0) return true;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return false;
}

bool DaemonProcess::mqtt_is(const std::string& state, std::chrono::milliseconds limit) const {
  return eventually(limit, [&] {
    try {
      return HttpClient(port_).get("/health").json()["data"]["mqtt"] == state;
    } catch (const std::exception&) {
      return false;  // not answering yet
    }
  });
}

}  // namespace aegis::test
