#include <catch2/catch.hpp>

#include <signal.h>

#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/store/migrations.hpp"
#include "engine/store/sqlite.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"

using namespace aegis::test;
using namespace std::chrono_literals;

namespace {

// Runs aegisd to completion and returns its exit code and output.
std::pair<int, std::string> run_aegisd(const std::vector<std::string>& args, const TempDir& dir,
                                       std::map<std::string, std::string> env = {}) {
  std::vector<std::string> argv{AEGIS_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto log = dir / ("run-" + std::to_string(std::rand()) + ".log");
  ChildProcess child(argv, log, std::move(env));
  const auto code = child.wait(20s);
  return {code.value_or(-1), child.log()};
}

}  // namespace

TEST_CASE("aegisd serves GET /health and stops cleanly on SIGTERM", "[daemon]") {
  DaemonProcess daemon;
  REQUIRE(daemon.start());
  HttpClient client(daemon.port());
  auto health = client.get("/health");
  CHECK(health.status == 200);
  const auto body = health.json();
  CHECK(body["error"].is_null());
  CHECK(body["data"]["status"] == "healthy");
  CHECK(body["data"]["database"] == "ok");
  CHECK(body["data"]["models"] == "ok");
  CHECK(body["data"]["cached_models_count"] == 0);
  CHECK(body["data"]["mqtt"] == "disabled");
  CHECK(body["data"]["version"] == AEGIS_VERSION);
  CHECK(body["data"]["uptime_seconds"].is_number_integer());
  CHECK(std::filesystem::exists(daemon.dir() / "data" / "aegisd.db"));
  CHECK(std::filesystem::is_directory(daemon.dir() / "data" / "models"));

  daemon.process().signal(SIGTERM);
  CHECK(daemon.process().wait(10s) == 0);
  const std::string log = daemon.process().log();
  CHECK_THAT(log, Catch::Contains("http GET /health 200"));
  CHECK_THAT(log, Catch::Contains("received SIGTERM, stopping"));
  CHECK_THAT(log, Catch::Contains("aegisd stopped"));
}

TEST_CASE("GET /health is 503 when the database is unusable", "[daemon]") {
  DaemonProcess daemon;
  REQUIRE(daemon.start());
  std::filesystem::remove(daemon.dir() / "data" / "aegisd.db");
  HttpClient client(daemon.port());
  auto health = client.get("/health");
  CHECK(health.status == 503);
  CHECK(health.json()["data"]["status"] == "unhealthy");
  CHECK_THAT(health.json()["data"]["database"].get<std::string>(), Catch::StartsWith("error: database file"));
}

TEST_CASE("A bad configuration exits 2 with one line naming the key", "[daemon]") {
  TempDir dir;
  write_file(dir / "bad.yaml", "http:\n  threads: 0\n");
  auto [code, output] = run_aegisd({"serve", "--config", (dir / "bad.yaml").string()}, dir);
  CHECK(code == 2);
  CHECK(output == "aegisd: configuration key http.threads: must be between 1 and 64, got 0\n");

  auto [missing_code, missing_output] = run_aegisd({"--config", (dir / "absent.yaml").string()}, dir);
  CHECK(missing_code == 2);
  CHECK_THAT(missing_output, Catch::Contains("cannot read configuration file"));

  auto [usage_code, usage_output] = run_aegisd({"frobnicate"}, dir);
  CHECK(usage_code == 2);
  CHECK_THAT(usage_output, Catch::StartsWith("aegisd: "));
}

TEST_CASE("check-config prints the effective configuration with secrets redacted", "[daemon]") {
  TempDir dir;
  write_file(dir / "ok.yaml", "http:\n  threads: 3\n");
  auto [code, output] = run_aegisd({"check-config", "--config", (dir / "ok.yaml").string()}, dir,
                                   {{"GEMINI_API_KEY", "AIza-top-secret"}, {"AEGIS_API_KEYS", "plant-key-123:admin"}});
  CHECK(code == 0);
  CHECK_THAT(output, Catch::Contains("threads: 3"));
  CHECK_THAT(output, Catch::Contains("api_key: <redacted>"));
  CHECK(output.find("AIza-top-secret") == std::string::npos);
  CHECK(output.find("plant-key-123") == std::string::npos);

  auto [version_code, version_output] = run_aegisd({"version"}, dir);
  CHECK(version_code == 0);
  CHECK(version_output == "aegisd " AEGIS_VERSION "\n");
}

TEST_CASE("Runtime failures at start exit 1 with a clear message", "[daemon]") {
  SECTION("the port is taken") {
    DaemonProcess first;
    REQUIRE(first.start());
    TempDir dir;
    write_file(dir / "same-port.yaml", "http:\n  listen: \"127.0.0.1:" + std::to_string(first.port()) +
                                           "\"\nstorage:\n  data_dir: \"" + dir.path().string() + "\"\n");
    auto [code, output] = run_aegisd({"--config", (dir / "same-port.yaml").string()}, dir);
    CHECK(code == 1);
    CHECK_THAT(output, Catch::Contains("cannot start: cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                       ": Address already in use"));
  }
  SECTION("the database comes from a newer aegisd") {
    TempDir dir;
    {
      aegis::store::Connection raw(dir / "aegisd.db", {});
      raw.exec("PRAGMA user_version = 999");
    }
    write_file(dir / "c.yaml", "http:\n  listen: \"127.0.0.1:" + std::to_string(free_port()) +
                                   "\"\nstorage:\n  data_dir: \"" + dir.path().string() + "\"\n");
    auto [code, output] = run_aegisd({"serve", "--config", (dir / "c.yaml").string()}, dir);
    CHECK(code == 1);
    CHECK_THAT(output, Catch::Contains("has schema version 999, newer than version"));
  }
}

TEST_CASE("SIGHUP reloads what it can and names what needs a restart", "[daemon]") {
  DaemonProcess daemon;
  REQUIRE(daemon.start());
  std::string config = read_file(daemon.config_path());
  write_file(daemon.config_path(),
             config + "logging:\n  level: debug\nauth:\n  api_keys: [\"operator-key-1:operate\"]\n");
  // http.threads is not part of the file above but changes through a new section below.
  daemon.process().signal(SIGHUP);
  std::string log;
  for (int i = 0; i < 100 && log.find("configuration reloaded") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    log = daemon.process().log();
  }
  CHECK_THAT(log, Catch::Contains("configuration reloaded: applied auth.api_keys, logging.level"));
  CHECK(log.find("operator-key-1") == std::string::npos);

  write_file(daemon.config_path(), read_file(daemon.config_path()) + "mqtt:\n  qos: 0\n");
  daemon.process().signal(SIGHUP);
  for (int i = 0; i < 100 && log.find("not applied until restart") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    log = daemon.process().log();
  }
  CHECK_THAT(log, Catch::Contains("configuration reload: not applied until restart: mqtt.qos"));

  write_file(daemon.config_path(), read_file(daemon.config_path()) + "bogus:\n  key: 1\n");
  daemon.process().signal(SIGHUP);
  for (int i = 0; i < 100 && log.find("reload refused") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    log = daemon.process().log();
  }
  CHECK_THAT(log, Catch::Contains("configuration reload refused, keeping the running configuration: unknown "
                                  "configuration section 'bogus'"));
  CHECK(HttpClient(daemon.port()).get("/health").status == 200);
}

TEST_CASE("JSON logging writes one parseable object per line with the request log", "[daemon]") {
  DaemonProcess daemon("logging:\n  format: json\n");
  REQUIRE(daemon.start());
  HttpClient(daemon.port()).get("/health");
  daemon.process().signal(SIGTERM);
  REQUIRE(daemon.process().wait(10s) == 0);
  std::istringstream lines(daemon.process().log());
  std::string line;
  int parsed = 0;
  bool request_logged = false;
  while (std::getline(lines, line)) {
    INFO(line);
    const auto entry = nlohmann::json::parse(line);  // throws on a line that is not JSON
    CHECK(entry.contains("time"));
    CHECK(entry.contains("level"));
    request_logged = request_logged || entry["msg"].get<std::string>().rfind("http GET /health 200", 0) == 0;
    ++parsed;
  }
  CHECK(parsed >= 3);
  CHECK(request_logged);
}
