#include <catch2/catch.hpp>

#include <map>

#include "daemon/config/config_fields.hpp"
#include "daemon/config/config_loader.hpp"
#include "daemon/config/profiles_section.hpp"
#include "tests/support/temp_dir.hpp"

using namespace aegis::config;

namespace {

Environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    if (auto it = vars.find(name); it != vars.end()) return it->second;
    return std::nullopt;
  };
}

Config load(const std::string& yaml, std::map<std::string, std::string> vars = {}) {
  return load_config_text(yaml, "test.yaml", env_of(std::move(vars)));
}

}  // namespace

TEST_CASE("An empty file gives the documented defaults", "[config]") {
  const Config c = load("");
  CHECK(c.http.listen == "127.0.0.1:8080");
  CHECK(c.http.threads == 2);
  CHECK(c.http.body_limit_bytes == 1048576);
  CHECK(c.storage.data_dir == "/var/lib/aegis");
  CHECK(c.database_path() == "/var/lib/aegis/aegisd.db");
  CHECK(c.artifact_dir() == "/var/lib/aegis/models");
  CHECK(c.mqtt.topic_prefix == "aegis");
  CHECK(c.mqtt.qos == 1);
  CHECK(c.models.classifier == "xgb_classifier");
  CHECK(c.copilot.provider == "auto");
  CHECK(c.copilot.model == "gemini-2.5-pro");
  CHECK(c.logging.level == "info");
  CHECK(c.auth.api_keys.empty());
  CHECK(load("# nothing but a comment\n").http.listen == "127.0.0.1:8080");
}

TEST_CASE("Values from the file replace the defaults", "[config]") {
  const Config c = load(R"(
http:
  listen: "0.0.0.0:9090"
  threads: 4
  read_timeout_s: 2.5
  cors_origins: [http://hmi.local, http://tablet.local]
storage:
  data_dir: /srv/aegis
  database: /srv/db/edge.db
logging:
  level: debug
  format: json
)");
  CHECK(c.http.listen == "0.0.0.0:9090");
  CHECK(c.http.threads == 4);
  CHECK(c.http.read_timeout_s == 2.5);
  CHECK(c.http.cors_origins == std::vector<std::string>{"http://hmi.local", "http://tablet.local"});
  CHECK(c.database_path() == "/srv/db/edge.db");
  CHECK(c.artifact_dir() == "/srv/aegis/models");
  CHECK(c.logging.format == "json");
}

TEST_CASE("Every validation error names the key at fault", "[config]") {
  struct Case {
    const char* yaml;
    const char* message;
  };
  const Case cases[] = {
      {"http:\n  lisen: 1\n", "unknown configuration key 'http.lisen' (test.yaml:2)"},
      {"htp:\n  listen: 1\n", "unknown configuration section 'htp' (test.yaml:1)"},
      {"http: 5\n", "configuration section http (test.yaml:1): expected a mapping of keys"},
      {"[1, 2]\n", "test.yaml: the configuration must be a mapping of sections"},
      {"http:\n  threads: many\n", "configuration key http.threads (test.yaml:2): expected a whole number, got 'many'"},
      {"http:\n  threads: 1.5\n", "configuration key http.threads (test.yaml:2): expected a whole number, got '1.5'"},
      {"http:\n  threads: 0\n", "configuration key http.threads: must be between 1 and 64, got 0"},
      {"http:\n  read_timeout_s: .nan\n", "configuration key http.read_timeout_s (test.yaml:2): expected a number, got '.nan'"},
      {"http:\n  read_timeout_s: 0\n", "configuration key http.read_timeout_s: must be between 0.1 and 3600, got 0"},
      {"http:\n  rate_limit_per_s: 0.0001\n",
       "configuration key http.rate_limit_per_s: must be 0 (no limit) or at least 0.001, got 0.0001"},
      {"http:\n  rate_limit_burst: 0\n", "configuration key http.rate_limit_burst: must be between 1 and 100000, got 0"},
      {"http:\n  listen: localhost\n",
       "configuration key http.listen: expected HOST:PORT (for example 127.0.0.1:8080), got 'localhost'"},
      {"http:\n  listen: 127.0.0.1:70000\n",
       "configuration key http.listen: expected HOST:PORT (for example 127.0.0.1:8080), got '127.0.0.1:70000'"},
      {"http:\n  listen: [a, b]\n", "configuration key http.listen (test.yaml:2): expected a single value, not a list or mapping"},
      {"http:\n  cors_origins: one\n", "configuration key http.cors_origins (test.yaml:2): expected a list"},
      {"http:\n  cors_origins: [{a: 1}]\n", "configuration key http.cors_origins (test.yaml:2): expected a list of plain values"},
      {"logging:\n  level: loud\n",
       "configuration key logging.level: must be one of trace, debug, info, warn, error, critical, off, got 'loud'"},
      {"logging:\n  format: xml\n", "configuration key logging.format: must be one of text, json, got 'xml'"},
      {"copilot:\n  provider: chatgpt\n",
       "configuration key copilot.provider: must be one of auto, gemini, openai, offline, got 'chatgpt'"},
      {"mqtt:\n  qos: 3\n", "configuration key mqtt.qos: must be between 0 and 2, got 3"},
      {"mqtt:\n  broker: localhost:1883\n",
       "configuration key mqtt.broker: expected a broker URI such as tcp://127.0.0.1:1883, got 'localhost:1883'"},
      {"mqtt:\n  client_id: \"\"\n", "configuration key mqtt.client_id: must not be empty"},
      {"storage:\n  data_dir:\n", "configuration key storage.data_dir: must not be empty"},
      {"scheduler:\n  shift_start: \"8am\"\n", "configuration key scheduler.shift_start: expected HH:MM (UTC), got '8am'"},
      {"scheduler:\n  shift_start: \"24:00\"\n", "configuration key scheduler.shift_start: expected HH:MM (UTC), got '24:00'"},
      {"upstream:\n  manifest_url: ftp://x\n",
       "configuration key upstream.manifest_url: expected an http://, https://, file:// or gs:// URL, got 'ftp://x'"},
      {"auth:\n  api_keys: [\"supersecretkey:root\"]\n",
       "configuration key auth.api_keys[0]: scope must be read, operate or admin, got 'root'"},
      {"auth:\n  api_keys: [\"short:read\"]\n",
       "configuration key auth.api_keys[0]: expected KEY:SCOPE with a key of at least 8 characters"},
      {"auth:\n  trusted_networks: [\"10.0.5.0/24:root\"]\n",
       "configuration key auth.trusted_networks[0]: scope must be read, operate or admin, got 'root'"},
      {"auth:\n  trusted_networks: [\"127.0.0.1/8:read\"]\n",
       "configuration key auth.trusted_networks[0]: '127.0.0.1/8' has host bits set (the network is 127.0.0.0/8)"},
      {"auth:\n  trusted_networks: [\"10.0.5.0/24:read\", \"backend.local:read\"]\n",
       "configuration key auth.trusted_networks[1]: 'backend.local' is not an IP address"},
      {"http:\n  listen: [unclosed\n", "test.yaml:3: not valid YAML"},
  };
  for (const auto& c : cases) {
    INFO(c.yaml);
    CHECK_THROWS_AS(load(c.yaml), ConfigError);
    CHECK_THROWS_WITH(load(c.yaml), Catch::StartsWith(c.message));
  }
}

TEST_CASE("Every numeric key has a documented range and every key a description", "[config]") {
  for (const Field& field : config_fields()) {
    INFO(field.key);
    CHECK_FALSE(field.description.empty());
    const bool numeric = std::holds_alternative<Member<std::int64_t>>(field.member) ||
                         std::holds_alternative<Member<double>>(field.member);
    if (numeric) {
      CHECK(field.min.has_value());
      CHECK(field.max.has_value());
    }
  }
}

TEST_CASE("The environment overrides the file, for secrets and for any key", "[config]") {
  const std::string yaml = "copilot:\n  api_key: from-file\nhttp:\n  threads: 3\n";
  CHECK(load(yaml).copilot.api_key == "from-file");
  const Config c = load(yaml, {{"GEMINI_API_KEY", "from-env"},
                               {"AEGIS_HTTP_THREADS", "8"},
                               {"AEGIS_API_KEYS", "reader-key-123:read,admin-key-456:admin"},
                               {"AEGIS_DATA_DIR", "/tmp/aegis-demo"},
                               {"AEGIS_MQTT_PASSWORD", "hunter22"}});
  CHECK(c.copilot.api_key == "from-env");
  CHECK(c.http.threads == 8);
  CHECK(c.auth.api_keys == std::vector<std::string>{"reader-key-123:read", "admin-key-456:admin"});
  CHECK(c.storage.data_dir == "/tmp/aegis-demo");
  CHECK(c.mqtt.password == "hunter22");
  // Overrides are validated like the file, and the message says where the value came from.
  CHECK_THROWS_WITH(load("", {{"AEGIS_HTTP_THREADS", "lots"}}),
                    "configuration key http.threads (environment AEGIS_HTTP_THREADS): expected a whole number, got 'lots'");
  CHECK_THROWS_WITH(load("", {{"AEGIS_LOGGING_LEVEL", "loud"}}), Catch::StartsWith("configuration key logging.level"));
}

TEST_CASE("Secrets can come from systemd credentials, below the environment", "[config]") {
  aegis::test::TempDir dir;
  aegis::test::write_file(dir / "gemini_api_key", "cred-key\n");
  CHECK(load("", {{"CREDENTIALS_DIRECTORY", dir.path().string()}}).copilot.api_key == "cred-key");
  CHECK(load("", {{"CREDENTIALS_DIRECTORY", dir.path().string()}, {"GEMINI_API_KEY", "env-key"}}).copilot.api_key ==
        "env-key");
}

TEST_CASE("check-config output redacts every secret and round-trips", "[config]") {
  const Config c = load("mqtt:\n  password: p4ssw0rd-secret\n  username: edge\n",
                        {{"GEMINI_API_KEY", "AIza-very-secret"}, {"AEGIS_API_KEYS", "operator-key-1:operate"}});
  const std::string text = render_config(c);
  CHECK(text.find("p4ssw0rd-secret") == std::string::npos);
  CHECK(text.find("AIza-very-secret") == std::string::npos);
  CHECK(text.find("operator-key-1") == std::string::npos);
  CHECK(text.find("password: <redacted>") != std::string::npos);
  CHECK(text.find("api_key: <redacted>") != std::string::npos);
  CHECK(text.find("username: edge") != std::string::npos);
  CHECK(text.find("listen: 127.0.0.1:8080") != std::string::npos);
  // The printed configuration (with unset secrets) is itself a valid configuration.
  const Config plain = load("");
  const Config again = load(render_config(plain));
  CHECK(again.http.listen == plain.http.listen);
  CHECK(again.storage.retention_days == plain.storage.retention_days);
}

TEST_CASE("A missing configuration file is a clear error", "[config]") {
  CHECK_THROWS_WITH(load_config_file("/nonexistent/aegisd.yaml", env_of({})),
                    "cannot read configuration file /nonexistent/aegisd.yaml: No such file or directory");
}

TEST_CASE("The shipped example configuration is valid", "[config]") {
  const Config c = load_config_file(AEGIS_SOURCE_DIR "/config/aegisd.yaml", env_of({}));
  CHECK(c.http.listen == "127.0.0.1:8080");
}

TEST_CASE("Sensor profiles come from the configuration with the shipped defaults", "[config]") {
  const Config defaults = load("");
  REQUIRE(defaults.profiles.size() == 2);
  CHECK(defaults.profiles[0].name == "ai4i");
  CHECK(defaults.profiles[0].sensors ==
        std::vector<std::string>{"air_temperature_K", "process_temperature_K", "rotational_speed_rpm", "torque_Nm",
                                 "tool_wear_min"});
  CHECK(defaults.profiles[0].engine_type);
  CHECK(defaults.profiles[1].name == "turbofan");
  CHECK(defaults.profiles[1].sensors.size() == 24);

  const Config c = load("profiles:\n  turbofan:\n    step_hours: 0.5\n    products: [FD001, FD002]\n");
  CHECK(c.profiles[1].step_hours == 0.5);
  CHECK(c.profiles[1].products == std::vector<std::string>{"FD001", "FD002"});
  // The catalog maps products to profiles, ai4i for the rest.
  const auto catalog = profile_catalog(c);
  CHECK(catalog.for_product("FD002").name == "turbofan");
  CHECK(catalog.for_product("FD002").step_hours == 0.5);
  CHECK(catalog.for_product("L47181").name == "ai4i");
  CHECK(render_config(c).find("products: [FD001, FD002]") != std::string::npos);
  CHECK(load(render_config(c)).profiles == c.profiles);
}

TEST_CASE("Profile errors name the key", "[config]") {
  CHECK_THROWS_WITH(load("profiles:\n  steam:\n    step_hours: 1\n"),
                    "configuration key profiles.steam (test.yaml:2): unknown profile; the shipped profiles are ai4i and turbofan");
  CHECK_THROWS_WITH(load("profiles:\n  ai4i:\n    colour: red\n"), "unknown configuration key 'profiles.ai4i.colour' (test.yaml:3)");
  CHECK_THROWS_WITH(load("profiles:\n  ai4i:\n    step_hours: 0\n"),
                    "configuration key profiles.ai4i.step_hours: must be more than 0 and at most 8760 hours");
  CHECK_THROWS_WITH(load("profiles:\n  ai4i:\n    sensors: [torque_Nm]\n"),
                    Catch::StartsWith("configuration key profiles.ai4i.sensors: the ai4i sensors are the columns of its "
                                      "telemetry table and must be [air_temperature_K,"));
  CHECK_THROWS_WITH(load("profiles:\n  ai4i:\n    products: [X1]\n  turbofan:\n    products: [X1]\n"),
                    "configuration key profiles.turbofan.products: product X1 is already mapped to profile ai4i");
}
