#include "tests/support/copilot_fixtures.hpp"

#include <catch2/catch.hpp>

#include "engine/store/sqlite.hpp"
#include "engine/telemetry/telemetry_store.hpp"
#include "tests/support/model_fixtures.hpp"

namespace aegis::test {

GatewayFixture copilot_gateway(const std::function<void(config::Config&)>& configure) {
  return GatewayFixture(
      [](store::Database& db, models::ModelRegistry& registry) {
        telemetry::TelemetryStore store(db);
        const auto profile = profiles::ai4i_profile();
        store.insert(profile, unit_history("L47181", "UNIT_202", 60, true));
        store.insert(profile, unit_history("L47181", "UNIT_101", 60, false));
        install_test_models(registry);
      },
      configure);
}

nlohmann::json copilot_chat(HttpClient& client, const nlohmann::json& body, int expected_status) {
  const auto response = client.post("/copilot/chat", body.dump());
  INFO("/copilot/chat " << body.dump() << " -> " << response.status << " " << response.body);
  REQUIRE(response.status == expected_status);
  return response.json();
}

nlohmann::json user_turn(const std::string& text, const nlohmann::json& context, const std::string& session_id) {
  nlohmann::json body{{"messages", nlohmann::json::array({nlohmann::json{{"role", "user"}, {"content", text}}})}};
  if (!context.is_null()) body["context"] = context;
  if (!session_id.empty()) body["session_id"] = session_id;
  return body;
}

std::int64_t count_rows(GatewayFixture& gateway, const std::string& table, const std::string& where) {
  store::Connection connection(gateway.config().database_path(), {.read_only = true});
  store::Statement query(connection, "SELECT COUNT(*) FROM " + table + " WHERE " + where);
  query.step();
  return query.column_int(0);
}

nlohmann::json tool_endpoint(HttpClient& client, const std::string& tool, const nlohmann::json& arguments) {
  const auto response = client.post("/copilot/tools/" + tool, arguments.dump());
  INFO("/copilot/tools/" << tool << " -> " << response.body);
  REQUIRE(response.status == 200);
  return response.json()["data"];
}

}  // namespace aegis::test
