#include "daemon/http/http_server.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "daemon/http/http_session.hpp"

namespace aegis::http {
namespace net = boost::asio;
using tcp = net::ip::tcp;

HttpServer::HttpServer(ServerOptions options, const Dispatcher& dispatcher)
    : options_(std::move(options)), dispatcher_(dispatcher), acceptor_(net::make_strand(ioc_)) {}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

void HttpServer::start() {
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  const auto address = net::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options_.port);
  } else {
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) throw std::runtime_error("cannot listen on " + where + ": unknown host");
    endpoint = results.begin()->endpoint();
  }
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  bound_port_ = acceptor_.local_endpoint().port();

  work_.emplace(ioc_.get_executor());
  net::post(acceptor_.get_executor(), [this] { accept_next(); });
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  spdlog::info("http: serving on {}:{} with {} threads", options_.host, bound_port_, options_.threads);
}

void HttpServer::accept_next() {
  acceptor_.async_accept(net::make_strand(ioc_),
                         [this](boost::system::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void HttpServer::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (stopping_ || !acceptor_.is_open()) return;
  if (ec) {
    // Running out of file descriptors or a client that vanished: log it and
    // keep accepting; the listener must not die of one bad connection.
    spdlog::warn("http: accept failed: {}", ec.message());
  } else {
    auto session = std::make_shared<HttpSession>(std::move(socket), *this);
    bool reject = false;
    {
      std::lock_guard lock(sessions_mutex_);
      reject = sessions_.size() >= static_cast<std::size_t>(options_.max_connections);
      sessions_.emplace(session.get(), session);
    }
    if (reject) spdlog::warn("http: connection cap of {} reached, answering 503", options_.max_connections);
    session->run(reject);
  }
  accept_next();
}

void HttpServer::session_ended(const HttpSession* session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(session);
  if (sessions_.empty()) sessions_gone_.notify_all();
}

std::vector<std::shared_ptr<HttpSession>> HttpServer::open_sessions() const {
  std::vector<std::shared_ptr<HttpSession>> open;
  std::lock_guard lock(sessions_mutex_);
  for (const auto& [raw, weak] : sessions_) {
    if (auto session = weak.lock()) open.push_back(std::move(session));
  }
  return open;
}

std::size_t HttpServer::open_connections() const {
  std::lock_guard lock(sessions_mutex_);
  return sessions_.size();
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  if (threads_.empty()) return;
  stopping_ = true;
  net::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  for (const auto& session : open_sessions()) session->shutdown();
  {
    std::unique_lock lock(sessions_mutex_);
    if (!sessions_gone_.wait_for(lock, grace, [this] { return sessions_.empty(); })) {
      spdlog::warn("http: {} connections still busy after the {} ms grace period; closing them", sessions_.size(),
                   grace.count());
    }
  }
  {
    std::lock_guard lock(deferred_gate_->mutex);
    deferred_gate_->open = false;
  }
  work_.reset();
  ioc_.stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // Sessions still open (a deferred answer not ready, a client that did not
  // leave within the grace): no answer can reach them now and no thread runs
  // their handlers, so they are cancelled and closed here.
  for (const auto& session : open_sessions()) session->abandon();
  spdlog::info("http: stopped");
}

}  // namespace aegis::http
