#pragma once
// A fake language-model API on a free loopback port, speaking plain HTTP:
// it records every request (target, headers, JSON body) and answers from a
// script, in order: a status, a JSON body and an optional delay (to outlast
// a client's timeout). Past the end of the script it answers 500.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace aegis::test {

struct ScriptedAnswer {
  int status = 200;
  nlohmann::json body;
  std::chrono::milliseconds delay{0};
};

struct RecordedRequest {
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  nlohmann::json body;
};

class ScriptedLlmServer {
 public:
  explicit ScriptedLlmServer(std::vector<ScriptedAnswer> script);
  ~ScriptedLlmServer();

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<RecordedRequest> requests() const;

 private:
  void serve();
  void answer_one(boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::vector<ScriptedAnswer> script_;
  std::size_t next_ = 0;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

// A 200 answer carrying the body, with no delay.
ScriptedAnswer ok(nlohmann::json body);

// Gemini generateContent answers.
nlohmann::json gemini_function_call(const std::string& name, const nlohmann::json& args);
nlohmann::json gemini_text(const std::string& text);

// OpenAI chat-completions answers.
nlohmann::json openai_tool_call(const std::string& id, const std::string& name, const nlohmann::json& args);
nlohmann::json openai_text(const std::string& text);

}  // namespace aegis::test
