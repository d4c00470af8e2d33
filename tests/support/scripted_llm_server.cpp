#include "tests/support/scripted_llm_server.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

namespace aegis::test {
namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

ScriptedLlmServer::ScriptedLlmServer(std::vector<ScriptedAnswer> script)
    : acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)), script_(std::move(script)) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { serve(); });
}

ScriptedLlmServer::~ScriptedLlmServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  // Wakes the blocking accept.
  boost::system::error_code ignored;
  tcp::socket poke(ioc_);
  poke.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ignored);
  thread_.join();
}

std::vector<RecordedRequest> ScriptedLlmServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void ScriptedLlmServer::serve() {
  for (;;) {
    tcp::socket socket(ioc_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (!ec) answer_one(socket);
  }
}

void ScriptedLlmServer::answer_one(tcp::socket& socket) {
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> request;
  boost::system::error_code ec;
  http::read(socket, buffer, request, ec);
  if (ec) return;
  RecordedRequest recorded{.target = std::string(request.target())};
  for (const auto& field : request) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    recorded.headers[name] = std::string(field.value());
  }
  recorded.body = nlohmann::json::parse(request.body(), nullptr, false);
  ScriptedAnswer answer{.status = 500, .body = {{"error", {{"message", "script exhausted"}}}}};
  {
    std::unique_lock lock(mutex_);
    requests_.push_back(std::move(recorded));
    if (next_ < script_.size()) answer = script_[next_++];
    if (answer.delay.count() > 0) {
      stopped_.wait_for(lock, answer.delay, [this] { return stopping_; });
    }
  }
  http::response<http::string_body> response{static_cast<http::status>(answer.status), 11};
  response.set(http::field::content_type, "application/json");
  response.body() = answer.body.dump();
  response.keep_alive(false);
  response.prepare_payload();
  http::write(socket, response, ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

namespace {

using json = nlohmann::json;

json gemini_answer(json part) {
  json content{{"role", "model"}, {"parts", json::array({std::move(part)})}};
  json candidate{{"content", std::move(content)}, {"finishReason", "STOP"}};
  return json{{"candidates", json::array({std::move(candidate)})}};
}

json openai_answer(json message, const char* finish_reason) {
  json choice{{"index", 0}, {"message", std::move(message)}, {"finish_reason", finish_reason}};
  return json{{"id", "chatcmpl-test"}, {"object", "chat.completion"}, {"choices", json::array({std::move(choice)})}};
}

}  // namespace

ScriptedAnswer ok(nlohmann::json body) { return {.status = 200, .body = std::move(body)}; }

nlohmann::json gemini_function_call(const std::string& name, const nlohmann::json& args) {
  return gemini_answer(json{{"functionCall", json{{"name", name}, {"args", args}}}});
}

nlohmann::json gemini_text(const std::string& text) { return gemini_answer(json{{"text", text}}); }

nlohmann::json openai_tool_call(const std::string& id, const std::string& name, const nlohmann::json& args) {
  json call{{"id", id}, {"type", "function"}, {"function", json{{"name", name}, {"arguments", args.dump()}}}};
  return openai_answer(json{{"role", "assistant"}, {"content", nullptr}, {"tool_calls", json::array({call})}},
                       "tool_calls");
}

nlohmann::json openai_text(const std::string& text) {
  return openai_answer(json{{"role", "assistant"}, {"content", text}}, "stop");
}

}  // namespace aegis::test
