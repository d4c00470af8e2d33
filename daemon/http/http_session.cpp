#include "daemon/http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/spdlog.h>

#include "daemon/http/client_address.hpp"

namespace aegis::http {
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
namespace {

// Bytes a client may send (a pipelined request) while its answer is being
// prepared; beyond them the session stops reading until it has answered.
constexpr std::size_t kWatchLimitBytes = 16384;

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket&& socket, HttpServer& server)
    : server_(server), stream_(std::move(socket)) {
  beast::error_code ec;
  const auto peer = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_ = client_address_of(peer.address());
}

HttpSession::~HttpSession() { server_.session_ended(this); }

void HttpSession::run(bool reject) {
  boost::asio::dispatch(stream_.get_executor(), [self = shared_from_this(), reject] {
    if (reject) {
      self->stopping_ = true;
      self->send(self->server_.dispatcher_.refusal(Status::service_unavailable,
                                                   "Too many open connections; try again shortly"));
    } else {
      self->read_next();
    }
  });
}

void HttpSession::shutdown() {
  boost::asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    // A session waiting for a request has nothing in flight: close it now.
    // One that is handling or writing a request closes after the write.
    if (self->reading_) self->stream_.cancel();
  });
}

void HttpSession::read_next() {
  if (stopping_) {  // the server stopped while an answer was being written
    close();
    return;
  }
  parser_.emplace();
  parser_->body_limit(server_.options_.body_limit_bytes);
  parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit_bytes));
  reading_ = true;
  if (served_ > 0 && buffer_.size() == 0) {
    // Keep-alive: wait up to the idle timeout for the next request to begin,
    // then give it the (shorter) read timeout to arrive whole.
    stream_.expires_after(server_.options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->buffer_.commit(n);
      if (ec || self->stopping_) {
        self->reading_ = false;
        self->close();
        return;
      }
      self->read_request();
    });
    return;
  }
  read_request();
}

void HttpSession::read_request() {
  stream_.expires_after(server_.options_.read_timeout);
  beast_http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(beast::error_code ec) {
  reading_ = false;
  if (ec == beast_http::error::body_limit) {
    stopping_ = true;
    send(server_.dispatcher_.refusal(Status::payload_too_large, "Request body exceeds the limit of " +
                                                                    std::to_string(server_.options_.body_limit_bytes) +
                                                                    " bytes"));
    return;
  }
  if (ec == beast_http::error::header_limit) {
    stopping_ = true;
    send(server_.dispatcher_.refusal(Status::request_header_fields_too_large, "Request headers are too large"));
    return;
  }
  if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::operation_aborted || ec == boost::asio::error::connection_reset || stopping_) {
    close();
    return;
  }
  if (ec) {
    stopping_ = true;
    send(server_.dispatcher_.refusal(Status::bad_request, "Malformed HTTP request: " + ec.message()));
    return;
  }
  ++served_;
  auto answer = server_.dispatcher_.handle(
      parser_->get(),
      [weak = weak_from_this(), gate = server_.deferred_gate_, request = served_](BeastResponse response) {
        // A deferred answer arrives on another thread: queued to the
        // session's strand, unless the server has stopped or the session is
        // gone. Nothing of the io_context is held outside the gate (a strand
        // executor kept in this responder would outlive it), and the handler
        // takes the only reference this thread had, so the session never
        // ends on this thread. The executor is fixed at construction: reading
        // it here races with nothing.
        std::lock_guard lock(gate->mutex);
        if (!gate->open) return;
        auto self = weak.lock();
        if (!self) return;
        const auto strand = self->stream_.get_executor();
        boost::asio::post(strand, [self = std::move(self), request, response = std::move(response)]() mutable {
          self->deliver(request, std::move(response));
        });
      },
      client_gone_.get_token(), peer_);
  if (answer) {
    send(std::move(*answer));
    return;
  }
  // A deferred route is at work: the session holds itself until the answer
  // and watches for a client that hangs up meanwhile.
  awaiting_hold_ = shared_from_this();
  watch_client();
}

void HttpSession::watch_client() {
  if (buffer_.size() >= kWatchLimitBytes) return;
  watching_ = true;
  stream_.expires_never();  // the route bounds its own time
  stream_.async_read_some(buffer_.prepare(kWatchLimitBytes - buffer_.size()),
                          [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                            self->on_watch(ec, bytes);
                          });
}

void HttpSession::on_watch(beast::error_code ec, std::size_t bytes) {
  buffer_.commit(bytes);
  watching_ = false;
  if (awaiting_answer()) {
    if (!ec) {
      watch_client();  // the start of a pipelined request: parsed after the answer
      return;
    }
    // End of stream or a broken connection: nobody will read the answer.
    client_gone_.request_stop();
    stopping_ = true;
    close();
    return;
  }
  // The answer came and cancelled this read; its write may be done already.
  if (read_after_watch_) {
    read_after_watch_ = false;
    read_next();
  }
}

void HttpSession::deliver(unsigned request, BeastResponse response) {
  // A second answer to one request: the first stands, and it must not pass
  // for the answer to a later request.
  if (!awaiting_answer() || request != served_) return;
  send(std::move(response));
}

void HttpSession::abandon() {
  client_gone_.request_stop();
  awaiting_hold_.reset();
  close();
}

void HttpSession::send(BeastResponse response) {
  if (awaiting_answer()) {
    if (watching_) stream_.cancel();  // nothing else is outstanding: the write starts below
    awaiting_hold_.reset();           // this call's own handler holds the session until the end of it
  }
  if (closed_) return;  // the client hung up before its answer
  const bool keep_alive = response.keep_alive() && !stopping_ && !server_.stopping_;
  response.keep_alive(keep_alive);
  response_ = std::make_shared<BeastResponse>(std::move(response));
  stream_.expires_after(server_.options_.write_timeout);
  beast_http::async_write(stream_, *response_,
                          [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                            self->on_write(keep_alive, ec);
                          });
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec) {
  response_.reset();
  if (ec || !keep_alive || stopping_) {
    close();
    return;
  }
  if (watching_) {
    read_after_watch_ = true;  // on_watch continues once the cancelled read is back
    return;
  }
  read_next();
}

void HttpSession::close() {
  closed_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

}  // namespace aegis::http
