#include "drivers/llm/llm_http.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cstdio>

#include "drivers/llm/host_lookup.hpp"
#include "engine/copilot/model_client.hpp"

namespace aegis::llm {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using copilot::ProviderError;

constexpr std::uint64_t kMaxAnswerBytes = 16 * 1024 * 1024;

// Runs one asynchronous operation to completion on the private context and
// returns its error: the deadline is the stream's, set before each step.
template <class Start>
beast::error_code run_step(net::io_context& ioc, Start&& start) {
  beast::error_code result;
  std::forward<Start>(start)([&result](beast::error_code ec, auto&&...) { result = ec; });
  ioc.restart();
  ioc.run();
  return result;
}

class Exchange {
 public:
  Exchange(const LlmEndpoint& endpoint, std::chrono::milliseconds timeout, std::stop_token stop)
      : endpoint_(endpoint), timeout_(timeout), deadline_(std::chrono::steady_clock::now() + timeout), stop_(stop) {}

  void check(beast::error_code ec, const char* step) const {
    if (!ec) return;
    if (stop_.stop_requested()) throw ProviderError(ProviderError::Kind::stopping, "The copilot is shutting down");
    if (ec == beast::error::timeout) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(timeout_.count()) / 1000.0);
      throw ProviderError(ProviderError::Kind::timeout, "The copilot provider at " + endpoint_.authority() +
                                                            " did not answer within " + seconds + " s");
    }
    throw ProviderError(ProviderError::Kind::upstream, "Cannot reach the copilot provider at " +
                                                           endpoint_.authority() + " (" + step + "): " + ec.message());
  }

  std::chrono::steady_clock::duration left() const { return deadline_ - std::chrono::steady_clock::now(); }
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }

  template <class Stream>
  HttpAnswer talk(net::io_context& ioc, Stream& stream, const http::request<http::string_body>& request) {
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.expires_after(left());
    check(run_step(ioc, [&](auto handler) { http::async_write(stream, request, std::move(handler)); }),
          "sending the request");
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxAnswerBytes);
    lowest.expires_after(left());
    check(run_step(ioc, [&](auto handler) { http::async_read(stream, buffer, parser, std::move(handler)); }),
          "reading the answer");
    return {static_cast<int>(parser.get().result_int()), parser.get().body()};
  }

  const LlmEndpoint& endpoint_;
  std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point deadline_;
  std::stop_token stop_;
};

}  // namespace

HttpAnswer post_json(const LlmEndpoint& endpoint, const std::string& target, const std::string& body,
                     const std::map<std::string, std::string>& headers, std::chrono::milliseconds timeout,
                     std::stop_token stop) {
  net::io_context ioc;
  Exchange exchange(endpoint, timeout, stop);

  http::request<http::string_body> request{http::verb::post, target, 11};
  request.set(http::field::host, endpoint.host);
  request.set(http::field::user_agent, "aegisd/" AEGIS_VERSION);
  request.set(http::field::content_type, "application/json");
  request.set(http::field::accept, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();

  // Bounded by the deadline and the stop token like every later step.
  const auto found = lookup_host(endpoint.host, endpoint.port, exchange.deadline(), stop);
  exchange.check(found ? found->error : beast::error_code(beast::error::timeout), "resolving the host");
  const auto& addresses = found->addresses;

  if (!endpoint.tls) {
    beast::tcp_stream stream(ioc);
    // Stopping the daemon cancels the exchange instead of waiting it out.
    std::stop_callback cancel(stop, [&] { net::post(ioc, [&] { stream.cancel(); }); });
    stream.expires_after(exchange.left());
    exchange.check(run_step(ioc, [&](auto handler) { stream.async_connect(addresses, std::move(handler)); }),
                   "connecting");
    return exchange.talk(ioc, stream, request);
  }

  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, tls);
  std::stop_callback cancel(stop, [&] { net::post(ioc, [&] { beast::get_lowest_layer(stream).cancel(); }); });
  if (!SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str())) {
    throw ProviderError(ProviderError::Kind::upstream, "Cannot set the TLS server name for " + endpoint.host);
  }
  stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
  beast::get_lowest_layer(stream).expires_after(exchange.left());
  exchange.check(run_step(ioc, [&](auto handler) {
                   beast::get_lowest_layer(stream).async_connect(addresses, std::move(handler));
                 }),
                 "connecting");
  beast::get_lowest_layer(stream).expires_after(exchange.left());
  exchange.check(
      run_step(ioc, [&](auto handler) { stream.async_handshake(ssl::stream_base::client, std::move(handler)); }),
      "TLS handshake");
  return exchange.talk(ioc, stream, request);
}

}  // namespace aegis::llm
