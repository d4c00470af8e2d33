#pragma once
// The local REST API's listener: Boost.Beast over a small pool of threads,
// one strand per connection, keep-alive, timeouts on every read and write, a
// cap on open connections, and a graceful stop that lets requests in flight
// finish.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "daemon/http/dispatcher.hpp"

namespace aegis::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port (tests)
  int threads = 2;
  std::size_t body_limit_bytes = 1048576;
  std::size_t header_limit_bytes = 8192;
  std::chrono::milliseconds read_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds write_timeout{10000};
  int max_connections = 256;
};

class HttpSession;

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Dispatcher& dispatcher);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; throws std::runtime_error naming the address
  // when it cannot listen.
  void start();
  unsigned short port() const { return bound_port_; }

  // Stops accepting, lets requests in flight finish for up to `grace`, then
  // closes every connection and joins the threads. Idempotent. A deferred
  // answer that comes after this is dropped: stop whatever prepares them
  // (the copilot's workers) first, so that waiting clients get theirs.
  void stop(std::chrono::milliseconds grace);

  std::size_t open_connections() const;

 private:
  friend class HttpSession;

  // Deferred answers reach their sessions through this gate, shared with
  // every responder: stop() closes it, and an answer that comes later, from
  // a thread the server does not own, touches neither a session nor the
  // io_context.
  struct DeferredGate {
    std::mutex mutex;
    bool open = true;
  };

  void accept_next();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void session_ended(const HttpSession* session);
  // The sessions alive now; their destructors run outside sessions_mutex_.
  std::vector<std::shared_ptr<HttpSession>> open_sessions() const;

  ServerOptions options_;
  const Dispatcher& dispatcher_;
  unsigned short bound_port_ = 0;
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;

  mutable std::mutex sessions_mutex_;
  std::condition_variable sessions_gone_;
  std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> sessions_;
  std::shared_ptr<DeferredGate> deferred_gate_ = std::make_shared<DeferredGate>();

  // Declared last so that it goes first: destroying the io_context destroys
  // pending handlers, whose sessions report to the members above.
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
};

}  // namespace aegis::http
