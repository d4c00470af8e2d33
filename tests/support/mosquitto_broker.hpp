#pragma once
// A real mosquitto broker for one test: a free loopback port, a generated
// configuration, persistence in a temporary folder (so persistent sessions
// and their queued QoS 1 messages survive stop()/restart()), and the
// broker's log next to it for failure messages.
#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace aegis::test {

class MosquittoBroker {
 public:
  static constexpr const char* kBinary = "/usr/sbin/mosquitto";

  // Starts the broker and waits until its port accepts connections; throws
  // std::runtime_error (with the broker's log) if it does not within 5 s.
  MosquittoBroker();
  ~MosquittoBroker();
  MosquittoBroker(const MosquittoBroker&) = delete;
  MosquittoBroker& operator=(const MosquittoBroker&) = delete;

  // Whether the broker binary is installed (tests skip when it is not).
  static bool available();

  unsigned short port() const { return port_; }
  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& dir() const { return dir_.path(); }

  // SIGTERM and wait: mosquitto writes its database on the way out.
  void stop();
  // Same port, same configuration, same persistence folder.
  void start();
  void restart() {
    stop();
    start();
  }
  bool running() const { return process_ != nullptr; }
  std::string log() const;

 private:
  TempDir dir_;
  unsigned short port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace aegis::test
