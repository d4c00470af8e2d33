#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <thread>

namespace aegis::test {
namespace net = boost::asio;
namespace beast_http = boost::beast::http;
using tcp = net::ip::tcp;

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(unsigned short port) : socket_(ioc_) {
  socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
}

HttpResult HttpClient::request(beast_http::verb method, const std::string& target, const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  write_request(method, target, body, headers);
  return read_response();
}

void HttpClient::write_request(beast_http::verb method, const std::string& target, const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  beast_http::request<beast_http::string_body> request{method, target, 11};
  request.set(beast_http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.keep_alive(true);
  request.prepare_payload();
  beast_http::write(socket_, request);
}

void HttpClient::send_post(const std::string& target, const std::string& body) {
  write_request(beast_http::verb::post, target, body, {{"Content-Type", "application/json"}});
}

void HttpClient::hang_up() {
  boost::system::error_code ignored;
  socket_.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

HttpResult HttpClient::raw(const std::string& bytes) {
  net::write(socket_, net::buffer(bytes));
  return read_response();
}

HttpResult HttpClient::read_response() {
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast_http::read(socket_, buffer_, parser);
  const auto& response = parser.get();
  HttpResult result;
  result.status = response.result_int();
  for (const auto& field : response) result.headers[std::string(field.name_string())] = std::string(field.value());
  result.body = response.body();
  return result;
}

bool HttpClient::closed_by_server(int wait_ms) {
  socket_.non_blocking(true);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  char byte = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    boost::system::error_code ec;
    const auto n = socket_.read_some(net::buffer(&byte, 1), ec);
    if (ec == net::error::eof || ec == net::error::connection_reset) return true;
    if (!ec && n > 0) return false;  // the server sent something unexpected
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

unsigned short free_port() {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace aegis::test
