#pragma once
// One client connection: reads requests one after another (HTTP/1.1
// keep-alive and pipelining), hands each to the dispatcher, writes the
// answer. Owns itself through shared_from_this: every pending operation holds
// it, so it lives exactly as long as there is work for it. All its state is
// touched on its own strand only. While a deferred route prepares its answer
// the session keeps reading, to notice a client that hangs up: the route is
// told through ApiRequest::client_gone and the answer is dropped.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "daemon/http/client_address.hpp"
#include "daemon/http/dispatcher.hpp"
#include "daemon/http/http_server.hpp"

namespace aegis::http {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, HttpServer& server);
  ~HttpSession();

  // Starts serving; with `reject`, answers 503 once and closes (the server
  // is at its connection cap).
  void run(bool reject);
  // Finishes the request in flight, if any, then closes. Thread-safe.
  void shutdown();
  // The server has stopped: cancels a deferred answer still in the making,
  // lets go of the session and closes it. Only once no thread runs the
  // session's handlers.
  void abandon();

 private:
  void read_next();
  void read_request();
  void on_read(boost::beast::error_code ec);
  bool awaiting_answer() const { return awaiting_hold_ != nullptr; }
  void deliver(unsigned request, BeastResponse response);  // the deferred answer to request number `request`
  void watch_client();
  void on_watch(boost::beast::error_code ec, std::size_t bytes);
  void send(BeastResponse response);
  void on_write(bool keep_alive, boost::beast::error_code ec);
  void close();

  HttpServer& server_;
  boost::beast::tcp_stream stream_;
  ClientAddress peer_;  // for the rate limit and trusted networks
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<BeastResponse> response_;
  // Requested when the client hangs up or the server abandons the session,
  // both final: one per connection serves all of its requests.
  std::stop_source client_gone_;
  // The session itself while a deferred route prepares the answer (set
  // exactly then): the responder holds only a weak reference, so that it
  // never outlives the server.
  std::shared_ptr<HttpSession> awaiting_hold_;
  bool reading_ = false;
  bool watching_ = false;  // a read for a hang-up is outstanding
  bool read_after_watch_ = false;
  bool closed_ = false;
  bool stopping_ = false;
  unsigned served_ = 0;
};

}  // namespace aegis::http
