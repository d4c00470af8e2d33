#include "tests/support/mosquitto_broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "tests/support/http_client.hpp"

namespace aegis::test {
namespace {

bool accepts_connections(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

bool MosquittoBroker::available() { return std::filesystem::exists(kBinary); }

MosquittoBroker::MosquittoBroker() : port_(free_port()) {
  // persistence_location needs its trailing slash: mosquitto appends the
  // file name to it as is.
  std::string config = "listener " + std::to_string(port_) + " 127.0.0.1\n" +
                       "allow_anonymous true\n"
                       "persistence true\n"
                       "persistence_location " + dir_.path().string() + "/\n"
                       "autosave_interval 1\n"
                       // The README's broker settings (Deployment), which keep every
                       // QoS 1 message of the gateway's session through a burst.
                       "max_queued_messages 1000000\n"
                       "max_queued_bytes 268435456\n"
                       "max_inflight_messages 1000\n"
                       "max_packet_size 270000\n"
                       "log_dest file " + (dir_ / "mosquitto.log").string() + "\n"
                       "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n";
  // As root, mosquitto would switch to the "mosquitto" user, which cannot
  // write the persistence folder.
  if (::geteuid() == 0) config += "user root\n";
  write_file(dir_ / "mosquitto.conf", config);
  start();
}

MosquittoBroker::~MosquittoBroker() { stop(); }

void MosquittoBroker::start() {
  if (process_) return;
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{kBinary, "-c", (dir_ / "mosquitto.conf").string()}, dir_ / "mosquitto.out");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!accepts_connections(port_)) {
    if (process_->wait(std::chrono::milliseconds(0)) || std::chrono::steady_clock::now() > deadline) {
      const std::string text = log();
      process_.reset();
      throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + ": " + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void MosquittoBroker::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(5));
  process_.reset();  // SIGKILL if it did not go
}

std::string MosquittoBroker::log() const {
  std::string text;
  for (const char* name : {"mosquitto.out", "mosquitto.log"}) {
    if (std::filesystem::exists(dir_ / name)) text += read_file(dir_ / name);
  }
  return text;
}

}  // namespace aegis::test
