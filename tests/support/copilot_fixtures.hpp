#pragma once
// A small fleet for copilot tests: product L47181 with a degrading unit
// UNIT_202 and a healthy UNIT_101 (60 hourly readings each) and the test
// models, plus functions to chat and to read the rows the copilot wrote.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/gateway_fixture.hpp"
#include "tests/support/http_client.hpp"

namespace aegis::test {

// The degrading unit, as the {product_id, unit_id} arguments of a tool.
inline const nlohmann::json kUnit202{{"product_id", "L47181"}, {"unit_id", "UNIT_202"}};

GatewayFixture copilot_gateway(const std::function<void(config::Config&)>& configure);

// POST /copilot/chat; checks the status and returns the envelope.
nlohmann::json copilot_chat(HttpClient& client, const nlohmann::json& body, int expected_status = 200);

// {"messages": [{"role": "user", "content": text}]} with the optional
// context and session id.
nlohmann::json user_turn(const std::string& text, const nlohmann::json& context = nullptr,
                         const std::string& session_id = "");

// SELECT COUNT(*) FROM <table> WHERE <where>, on the gateway's database.
std::int64_t count_rows(GatewayFixture& gateway, const std::string& table, const std::string& where);

// The tool endpoint's answer for the same arguments (the "data" of a 200).
nlohmann::json tool_endpoint(HttpClient& client, const std::string& tool, const nlohmann::json& arguments);

}  // namespace aegis::test
