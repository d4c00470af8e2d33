#pragma once
// A plain synchronous HTTP/1.1 client over one keep-alive loopback
// connection, for tests that talk to a real server socket.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/verb.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace aegis::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port);
  HttpResult request(boost::beast::http::verb method, const std::string& target, const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {{"Content-Type", "application/json"}});
  HttpResult get(const std::string& target) { return request(boost::beast::http::verb::get, target); }
  HttpResult post(const std::string& target, const std::string& body) {
    return request(boost::beast::http::verb::post, target, body);
  }
  // Sends raw bytes and reads one response (for malformed requests).
  HttpResult raw(const std::string& bytes);
  // Sends a JSON POST and does not wait for its answer; then hang_up()
  // plays a client that goes away before it is answered.
  void send_post(const std::string& target, const std::string& body);
  // Reads the answer to a request sent with send_post().
  HttpResult read_response();
  void hang_up();
  // True when the server has closed this connection (reads end of stream).
  bool closed_by_server(int wait_ms);

 private:
  void write_request(boost::beast::http::verb method, const std::string& target, const std::string& body,
                     const std::map<std::string, std::string>& headers);
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// A loopback port that was free a moment ago.
unsigned short free_port();

}  // namespace aegis::test
