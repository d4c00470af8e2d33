#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "tests/support/copilot_fixtures.hpp"
#include "tests/support/scripted_llm_server.hpp"

using namespace aegis;
using test::HttpClient;
using test::kUnit202;
using test::ok;
using json = nlohmann::json;

namespace {

test::GatewayFixture openai_gateway(const test::ScriptedLlmServer& fake, double timeout_s = 30) {
  return test::copilot_gateway([&fake, timeout_s](config::Config& c) {
    c.copilot.provider = "openai";
    c.copilot.openai_base_url = fake.base_url() + "/v1";
    c.copilot.openai_model = "qwen2.5-7b-instruct";
    c.copilot.timeout_s = timeout_s;
    c.copilot.retry_backoff_ms = 10;
  });
}

json assistant_calls(const std::string& id, const std::string& name, const json& args) {
  return test::openai_tool_call(id, name, args)["choices"][0]["message"];
}

}  // namespace

TEST_CASE("openai: a tool call, then text; the request carries the rules, the tools and the tool message",
          "[copilot][openai]") {
  test::ScriptedLlmServer fake({ok(test::openai_tool_call("call_a1", "predict_failure", kUnit202)),
                                ok(test::openai_text("UNIT_202 is at high risk."))});
  auto gateway = openai_gateway(fake);
  HttpClient client(gateway.port());
  const auto data = test::copilot_chat(client, test::user_turn("What is the failure risk?", kUnit202))["data"];
  CHECK(data["provider"] == "openai");
  CHECK(data["reply"] == "UNIT_202 is at high risk.");
  CHECK(data["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", kUnit202}}}));
  const json tool_result{{"tool_name", "predict_failure"},
                         {"success", true},
                         {"result", test::tool_endpoint(client, "predict_failure", kUnit202)}};
  CHECK(data["tool_results"] == json::array({tool_result}));

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target == "/v1/chat/completions");
  CHECK(requests[0].headers.count("authorization") == 0);  // a local server without a key
  const auto& body = requests[0].body;
  CHECK(body["model"] == "qwen2.5-7b-instruct");
  CHECK(body["messages"][0]["role"] == "system");
  CHECK_THAT(body["messages"][0]["content"].get<std::string>(), Catch::Contains("Never invent a prediction"));
  CHECK(body["messages"][1] == json{{"role", "user"}, {"content", "What is the failure risk?"}});
  CHECK(body["tools"].size() == 7);
  CHECK(body["tools"][0]["type"] == "function");
  CHECK(body["tools"][0]["function"]["name"] == "predict_failure");
  CHECK(body["tools"][2]["function"]["name"] == "optimize_schedule");

  const auto& second = requests[1].body["messages"];
  REQUIRE(second.size() == 4);
  CHECK(second[2] == assistant_calls("call_a1", "predict_failure", kUnit202));
  CHECK(second[3]["role"] == "tool");
  CHECK(second[3]["tool_call_id"] == "call_a1");
  CHECK(json::parse(second[3]["content"].get<std::string>()) == tool_result);
}

TEST_CASE("openai: a clarifying question, and a unit that breaks the tool", "[copilot][openai]") {
  const json broken{{"product_id", "L47181"}, {"unit_id", "UNIT_999"}};
  test::ScriptedLlmServer fake({ok(test::openai_text("Which unit do you mean?")),
                                ok(test::openai_tool_call("call_b1", "predict_failure", broken)),
                                ok(test::openai_text("The tool failed; please arrange a manual inspection."))});
  auto gateway = openai_gateway(fake);
  HttpClient client(gateway.port());
  const auto clarifying = test::copilot_chat(client, test::user_turn("Check the failure risk"))["data"];
  CHECK(clarifying["reply"] == "Which unit do you mean?");
  CHECK(clarifying["tool_calls"] == json::array());

  const auto failed = test::copilot_chat(client, test::user_turn("Will it fail?", broken))["data"];
  const json failure{{"tool_name", "predict_failure"},
                     {"success", false},
                     {"error", "No telemetry found for product_id=L47181, unit_id=UNIT_999"}};
  CHECK(failed["tool_results"] == json::array({failure}));
  CHECK(failed["reply"] == "The tool failed; please arrange a manual inspection.");
  REQUIRE(fake.requests().size() == 3);
  CHECK(json::parse(fake.requests()[2].body["messages"][3]["content"].get<std::string>()) == failure);
}

TEST_CASE("openai: worried, how much time, schedule it", "[copilot][openai]") {
  const json plan_args{{"unit_list", json::array({kUnit202})}};
  test::ScriptedLlmServer fake({ok(test::openai_tool_call("c1", "predict_failure", kUnit202)),
                                ok(test::openai_text("High risk.")),
                                ok(test::openai_tool_call("c2", "predict_rul", kUnit202)),
                                ok(test::openai_text("Little life left.")),
                                ok(test::openai_tool_call("c3", "optimize_schedule", plan_args)),
                                ok(test::openai_text("Scheduled."))});
  auto gateway = openai_gateway(fake);
  HttpClient client(gateway.port());
  const auto session =
      test::copilot_chat(client, test::user_turn("I'm worried about UNIT_202"))["data"]["session_id"].get<std::string>();
  const auto second = test::copilot_chat(client, test::user_turn("How much time do we have?", nullptr, session))["data"];
  CHECK(second["tool_calls"] == json::array({{{"name", "predict_rul"}, {"arguments", kUnit202}}}));
  const auto third = test::copilot_chat(client, test::user_turn("Schedule maintenance for it", nullptr, session))["data"];
  CHECK(third["tool_calls"] == json::array({{{"name", "optimize_schedule"}, {"arguments", plan_args}}}));
  const auto schedule_id = third["tool_results"][0]["result"]["schedule_id"].get<std::string>();
  CHECK(test::count_rows(gateway, "maintenance_schedule",
                         "schedule_id = '" + schedule_id + "' AND unit_id = 'UNIT_202' AND status = 'PENDING'") == 1);
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 6);
  CHECK(requests[2].body["messages"] == json::array({requests[2].body["messages"][0],
                                                     {{"role", "user"}, {"content", "I'm worried about UNIT_202"}},
                                                     {{"role", "assistant"}, {"content", "High risk."}},
                                                     {{"role", "user"}, {"content", "How much time do we have?"}}}));
}

TEST_CASE("openai: errors are 502 after the retries, and so is a slow answer", "[copilot][openai]") {
  const json overloaded{{"error", {{"message", "server overloaded"}, {"type", "server_error"}}}};
  test::ScriptedLlmServer fake({{.status = 500, .body = overloaded},
                                {.status = 500, .body = overloaded},
                                {.status = 500, .body = overloaded},
                                {.status = 200, .body = test::openai_text("late"), .delay = std::chrono::seconds(3)}});
  auto gateway = openai_gateway(fake, 1);
  HttpClient client(gateway.port());
  CHECK(test::copilot_chat(client, test::user_turn("Hello"), 502)["error"] ==
        "The OpenAI-compatible server answered HTTP 500: server overloaded (after 3 attempts)");
  CHECK(fake.requests().size() == 3);
  const auto port = fake.base_url().substr(fake.base_url().rfind(':') + 1);
  CHECK(test::copilot_chat(client, test::user_turn("Hello"), 502)["error"] ==
        "The copilot provider at 127.0.0.1:" + port + " did not answer within 1 s");
}

TEST_CASE("openai: a client that hangs up cancels its question, and the worker goes on to the next client",
          "[copilot][openai]") {
  using namespace std::chrono_literals;
  // Without the cancellation the first question would go on: the tool call
  // after the delay, then the second answer of the script.
  test::ScriptedLlmServer fake(
      {{.status = 200, .body = test::openai_tool_call("call_h1", "predict_failure", kUnit202), .delay = 1500ms},
       ok(test::openai_text("Answer for the second client."))});
  auto gateway = test::copilot_gateway([&fake](config::Config& c) {
    c.copilot.provider = "openai";
    c.copilot.openai_base_url = fake.base_url() + "/v1";
    c.copilot.workers = 1;
  });
  HttpClient leaving(gateway.port());
  leaving.send_post("/copilot/chat", test::user_turn("What is the failure risk?", kUnit202, "hangup_a").dump());
  for (int i = 0; i < 500 && fake.requests().empty(); ++i) std::this_thread::sleep_for(10ms);
  REQUIRE(fake.requests().size() == 1);
  leaving.hang_up();

  HttpClient staying(gateway.port());
  const auto data =
      test::copilot_chat(staying, test::user_turn("Which units are at risk?", nullptr, "hangup_b"))["data"];
  CHECK(data["reply"] == "Answer for the second client.");
  CHECK(data["tool_calls"] == json::array());
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].body["messages"][1] == json{{"role", "user"}, {"content", "Which units are at risk?"}});
  CHECK(test::count_rows(gateway, "copilot_message", "session_id = 'hangup_a'") == 0);
  CHECK(test::count_rows(gateway, "copilot_message", "session_id = 'hangup_b'") == 2);
}
