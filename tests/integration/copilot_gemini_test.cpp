#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

#include "tests/support/copilot_fixtures.hpp"
#include "tests/support/scripted_llm_server.hpp"

using namespace aegis;
using test::HttpClient;
using test::kUnit202;
using test::ok;
using json = nlohmann::json;

namespace {

test::GatewayFixture gemini_gateway(const test::ScriptedLlmServer& fake, double timeout_s = 30) {
  return test::copilot_gateway([&fake, timeout_s](config::Config& c) {
    c.copilot.provider = "gemini";
    c.copilot.api_key = "test-gemini-key";
    c.copilot.base_url = fake.base_url();
    c.copilot.timeout_s = timeout_s;
    c.copilot.retry_backoff_ms = 10;
  });
}

json user_content(const std::string& text) {
  return {{"role", "user"}, {"parts", json::array({{{"text", text}}})}};
}

json call_content(const std::string& name, const json& args) {
  return {{"role", "model"}, {"parts", json::array({{{"functionCall", {{"name", name}, {"args", args}}}}})}};
}

json response_content(const json& tool_result) {
  return {{"role", "user"},
          {"parts", json::array({{{"functionResponse",
                                   {{"name", tool_result["tool_name"]}, {"response", tool_result}}}}})}};
}

}  // namespace

TEST_CASE("gemini: a function call, then text; the request carries the rules, the declarations and the "
          "functionResponse turn",
          "[copilot][gemini]") {
  test::ScriptedLlmServer fake({ok(test::gemini_function_call("predict_failure", kUnit202)),
                                ok(test::gemini_text("UNIT_202 is likely to fail soon; schedule maintenance."))});
  auto gateway = gemini_gateway(fake);
  HttpClient client(gateway.port());
  const auto data = test::copilot_chat(client, test::user_turn("What is the failure risk?", kUnit202))["data"];
  CHECK(data["provider"] == "gemini");
  CHECK(data["reply"] == "UNIT_202 is likely to fail soon; schedule maintenance.");
  CHECK(data["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", kUnit202}}}));
  const auto expected = test::tool_endpoint(client, "predict_failure", kUnit202);
  const json tool_result{{"tool_name", "predict_failure"}, {"success", true}, {"result", expected}};
  CHECK(data["tool_results"] == json::array({tool_result}));

  const auto requests = fake.requests();
  REQUIRE(requests.size() == 2);
  const auto& first = requests[0];
  CHECK(first.target == "/v1beta/models/gemini-2.5-pro:generateContent");
  CHECK(first.headers.at("x-goog-api-key") == "test-gemini-key");
  const auto rules = first.body["systemInstruction"]["parts"][0]["text"].get<std::string>();
  CHECK_THAT(rules, Catch::Contains("Never invent a prediction"));
  CHECK_THAT(rules, Catch::Contains("recommend a manual inspection"));
  CHECK_THAT(rules, Catch::EndsWith("Context: the operator is looking at product_id L47181, unit_id UNIT_202."));
  const auto& declarations = first.body["tools"][0]["functionDeclarations"];
  std::vector<std::string> names;
  for (const auto& declaration : declarations) names.push_back(declaration["name"]);
  CHECK(names == std::vector<std::string>{"predict_failure", "predict_rul", "optimize_schedule", "list_units",
                                          "fleet_risk_summary", "list_open_maintenance_jobs", "maintenance_history"});
  CHECK(declarations[0]["parameters"]["required"] == json::array({"product_id", "unit_id"}));
  CHECK(declarations[1]["parameters"]["properties"]["horizon_steps"]["type"] == "integer");
  CHECK(declarations[2]["parameters"]["required"] == json::array({"unit_list"}));
  CHECK(first.body["contents"] == json::array({user_content("What is the failure risk?")}));

  CHECK(requests[1].body["contents"] == json::array({user_content("What is the failure risk?"),
                                                     call_content("predict_failure", kUnit202),
                                                     response_content(tool_result)}));
}

TEST_CASE("gemini: a text-only clarifying question makes no tool call", "[copilot][gemini]") {
  test::ScriptedLlmServer fake({ok(test::gemini_text("Which product and unit do you mean?"))});
  auto gateway = gemini_gateway(fake);
  HttpClient client(gateway.port());
  const auto data = test::copilot_chat(client, test::user_turn("Check the failure risk"))["data"];
  CHECK(data["reply"] == "Which product and unit do you mean?");
  CHECK(data["tool_calls"] == json::array());
  CHECK(data["tool_results"] == json::array());
  CHECK(fake.requests().size() == 1);
  CHECK_THAT(fake.requests()[0].body["systemInstruction"]["parts"][0]["text"].get<std::string>(),
             !Catch::Contains("Context:"));
}

TEST_CASE("gemini: a unit that breaks the tool is reported to the model as success false", "[copilot][gemini]") {
  const json broken{{"product_id", "L47181"}, {"unit_id", "UNIT_999"}};
  test::ScriptedLlmServer fake({ok(test::gemini_function_call("predict_failure", broken)),
                                ok(test::gemini_text("The prediction failed; please arrange a manual inspection."))});
  auto gateway = gemini_gateway(fake);
  HttpClient client(gateway.port());
  const auto data = test::copilot_chat(client, test::user_turn("Will it fail?", broken))["data"];
  const json failure{{"tool_name", "predict_failure"},
                     {"success", false},
                     {"error", "No telemetry found for product_id=L47181, unit_id=UNIT_999"}};
  CHECK(data["tool_results"] == json::array({failure}));
  CHECK(data["reply"] == "The prediction failed; please arrange a manual inspection.");
  REQUIRE(fake.requests().size() == 2);
  CHECK(fake.requests()[1].body["contents"][2] == response_content(failure));
}

TEST_CASE("gemini: worried, how much time, schedule it: history goes to the model and the job is stored",
          "[copilot][gemini]") {
  const json plan_args{{"unit_list", json::array({kUnit202})}};
  test::ScriptedLlmServer fake({ok(test::gemini_function_call("predict_failure", kUnit202)),
                                ok(test::gemini_text("UNIT_202 has a high failure risk.")),
                                ok(test::gemini_function_call("predict_rul", kUnit202)),
                                ok(test::gemini_text("It has little useful life left.")),
                                ok(test::gemini_function_call("optimize_schedule", plan_args)),
                                ok(test::gemini_text("Maintenance is scheduled."))});
  auto gateway = gemini_gateway(fake);
  HttpClient client(gateway.port());
  const auto first = test::copilot_chat(client, test::user_turn("I'm worried about UNIT_202"))["data"];
  const auto session = first["session_id"].get<std::string>();
  CHECK(first["tool_calls"] == json::array({{{"name", "predict_failure"}, {"arguments", kUnit202}}}));
  const auto second = test::copilot_chat(client, test::user_turn("How much time do we have?", nullptr, session))["data"];
  CHECK(second["tool_calls"] == json::array({{{"name", "predict_rul"}, {"arguments", kUnit202}}}));
  CHECK(second["tool_results"][0]["success"] == true);
  const auto third = test::copilot_chat(client, test::user_turn("Schedule maintenance for it", nullptr, session))["data"];
  CHECK(third["tool_calls"] == json::array({{{"name", "optimize_schedule"}, {"arguments", plan_args}}}));
  CHECK(third["reply"] == "Maintenance is scheduled.");
  const auto& plan = third["tool_results"][0];
  REQUIRE(plan["success"] == true);
  const auto schedule_id = plan["result"]["schedule_id"].get<std::string>();
  CHECK(test::count_rows(gateway, "maintenance_schedule",
                         "schedule_id = '" + schedule_id +
                             "' AND product_id = 'L47181' AND unit_id = 'UNIT_202' AND status = 'PENDING'") == 1);

  // Each turn's first request carries the conversation so far.
  const auto requests = fake.requests();
  REQUIRE(requests.size() == 6);
  CHECK(requests[2].body["contents"] ==
        json::array({user_content("I'm worried about UNIT_202"),
                     {{"role", "model"}, {"parts", json::array({{{"text", "UNIT_202 has a high failure risk."}}})}},
                     user_content("How much time do we have?")}));
  CHECK(requests[4].body["contents"].size() == 5);
  CHECK(requests[4].body["contents"][4] == user_content("Schedule maintenance for it"));
}

TEST_CASE("gemini: 429 is tried again; a 5xx that persists is a 502; a 4xx is not retried", "[copilot][gemini]") {
  const json exhausted{{"error", {{"code", 429}, {"message", "Resource has been exhausted"}, {"status", "RESOURCE_EXHAUSTED"}}}};
  const json unavailable{{"error", {{"code", 503}, {"message", "The model is overloaded"}, {"status", "UNAVAILABLE"}}}};
  const json invalid{{"error", {{"code", 400}, {"message", "API key not valid"}, {"status", "INVALID_ARGUMENT"}}}};
  test::ScriptedLlmServer fake({{.status = 429, .body = exhausted},
                                ok(test::gemini_text("Hello.")),
                                {.status = 503, .body = unavailable},
                                {.status = 503, .body = unavailable},
                                {.status = 503, .body = unavailable},
                                {.status = 400, .body = invalid}});
  auto gateway = gemini_gateway(fake);
  HttpClient client(gateway.port());
  CHECK(test::copilot_chat(client, test::user_turn("Hello"))["data"]["reply"] == "Hello.");
  CHECK(fake.requests().size() == 2);
  CHECK(test::copilot_chat(client, test::user_turn("Hello"), 502)["error"] ==
        "Gemini answered HTTP 503: The model is overloaded (after 3 attempts)");
  CHECK(fake.requests().size() == 5);
  CHECK(test::copilot_chat(client, test::user_turn("Hello"), 502)["error"] == "Gemini answered HTTP 400: API key not valid");
  CHECK(fake.requests().size() == 6);
}

TEST_CASE("gemini: an answer slower than the timeout is a 502, and the HTTP thread stays free meanwhile",
          "[copilot][gemini]") {
  test::ScriptedLlmServer fake({{.status = 200, .body = test::gemini_text("late"), .delay = std::chrono::seconds(5)}});
  auto gateway = test::copilot_gateway([&fake](config::Config& c) {
    c.copilot.provider = "gemini";
    c.copilot.api_key = "test-gemini-key";
    c.copilot.base_url = fake.base_url();
    c.copilot.timeout_s = 2;
    c.http.threads = 1;  // one HTTP thread: a blocked one would hold /health back
  });
  std::atomic<bool> chat_answered = false;
  auto chat = std::async(std::launch::async, [&] {
    HttpClient client(gateway.port());
    auto response = client.post("/copilot/chat", test::user_turn("Hello").dump());
    chat_answered = true;
    return response;
  });
  while (fake.requests().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  HttpClient other(gateway.port());
  CHECK(other.get("/health").status == 200);
  CHECK_FALSE(chat_answered);  // /health was served while the model call was pending

  const auto response = chat.get();
  CHECK(response.status == 502);
  const auto port = fake.base_url().substr(fake.base_url().rfind(':') + 1);
  CHECK(response.json()["error"] == "The copilot provider at 127.0.0.1:" + port + " did not answer within 2 s");
}

TEST_CASE("gemini: no key is a 503 with the seed's message", "[copilot][gemini]") {
  auto gateway = test::copilot_gateway([](config::Config& c) { c.copilot.provider = "gemini"; });
  HttpClient client(gateway.port());
  CHECK(test::copilot_chat(client, test::user_turn("Hello"), 503) ==
        json{{"data", nullptr}, {"error", "GEMINI_API_KEY not configured"}});
}

TEST_CASE("gemini: https to a server that speaks no TLS fails the handshake with a 502", "[copilot][gemini]") {
  test::ScriptedLlmServer fake({});
  const auto port = fake.base_url().substr(fake.base_url().rfind(':') + 1);
  auto gateway = test::copilot_gateway([&port](config::Config& c) {
    c.copilot.provider = "gemini";
    c.copilot.api_key = "test-gemini-key";
    c.copilot.base_url = "https://127.0.0.1:" + port;
  });
  HttpClient client(gateway.port());
  CHECK_THAT(test::copilot_chat(client, test::user_turn("Hello"), 502)["error"].get<std::string>(),
             Catch::StartsWith("Cannot reach the copilot provider at 127.0.0.1:" + port + " (TLS handshake): "));
}
