// A gateway whose disk fills up: nothing acknowledged over MQTT is lost, the
// API keeps answering reads and says why writes fail, POST /telemetry hears
// 507, and everything picks up by itself once space returns. The disk is a
// small tmpfs mounted over the daemon's data folder (root only; elsewhere
// the test says it is skipped).
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

#include "drivers/mqtt/mqtt_publisher.hpp"
#include "engine/store/sqlite.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mosquitto_broker.hpp"

using namespace aegis;
using namespace std::chrono_literals;
using test::DaemonProcess;
using test::HttpClient;
using test::MosquittoBroker;
using test::eventually;

namespace {

// A tmpfs of `megabytes` over `where`, unmounted when the guard goes.
class SmallDisk {
 public:
  SmallDisk(std::filesystem::path where, int megabytes) : where_(std::move(where)) {
    std::filesystem::create_directories(where_);
    const std::string options = "size=" + std::to_string(megabytes) + "m,mode=0700";
    mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

  // Writes a file until the disk has no room left.
  void fill() {
    std::ofstream filler(where_ / "filler", std::ios::binary);
    const std::string block(64 * 1024, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
      filler.flush();
    }
  }
  void free() { std::filesystem::remove(where_ / "filler"); }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
  std::string error_;
};

std::string reading(int minute) {
  char text[320];
  std::snprintf(text, sizeof text,
                R"({"ts":"2024-01-%02dT%02d:%02d:00Z","seq":%d,"engine_type":"L","air_temperature_K":298.1,)"
                R"("process_temperature_K":308.6,"rotational_speed_rpm":1551,"torque_Nm":42.8,"tool_wear_min":%d})",
                1 + minute / 1440, (minute / 60) % 24, minute % 60, minute + 1, minute % 250);
  return text;
}

std::int64_t rows_of(const DaemonProcess& daemon, const std::string& unit) {
  store::Connection db(daemon.dir() / "data" / "aegisd.db", {.read_only = true});
  store::Statement query(db, "SELECT count(*) FROM telemetry WHERE unit_id = ?");
  query.bind(1, unit);
  query.step();
  return query.column_int(0);
}

std::string health_of(const DaemonProcess& daemon, const char* field) {
  return HttpClient(daemon.port()).get("/health").json()["data"][field].get<std::string>();
}

// A broker, a daemon subscribed to it whose data folder is a 32 MiB tmpfs,
// and a publisher: what every test here starts from.
struct StreamOnSmallDisk {
  explicit StreamOnSmallDisk(const std::string& client_id, const std::string& extra_yaml = "")
      : daemon("mqtt:\n  broker: \"" + broker.uri() + "\"\n  client_id: " + client_id + "\n" + extra_yaml),
        disk(daemon.dir() / "data", 32),
        sender([&] {
          aegis::mqtt::MqttOptions options;
          options.broker_uri = broker.uri();
          options.client_id = client_id + "-sender";
          return options;
        }()) {}

  // The daemon connected to the broker, and the publisher too.
  bool start() {
    if (!daemon.start() || !daemon.mqtt_is("connected")) return false;
    sender.connect();
    return true;
  }

  MosquittoBroker broker;
  DaemonProcess daemon;
  SmallDisk disk;
  aegis::mqtt::MqttPublisher sender;
};

}  // namespace

TEST_CASE("A full disk: MQTT readings wait, POST /telemetry hears 507, and all is stored once space returns",
          "[mqtt][store]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  StreamOnSmallDisk gateway("gw-full");
  if (!gateway.disk.mounted()) {
    WARN("skipped: cannot mount a small tmpfs here (" << gateway.disk.error() << "); run as root");
    return;
  }
  REQUIRE(gateway.start());
  auto& [broker, daemon, disk, sender] = gateway;
  HttpClient client(daemon.port());
  for (int i = 0; i < 20; ++i) sender.publish("aegis/L47181/BEFORE/telemetry", reading(i));
  REQUIRE(eventually(10s, [&] { return rows_of(daemon, "BEFORE") == 20; }));

  disk.fill();
  // Acknowledged by the broker while the disk is full: held, not dropped.
  for (int i = 0; i < 300; ++i) sender.publish("aegis/L47181/DURING/telemetry", reading(i));
  REQUIRE(eventually(20s, [&] { return health_of(daemon, "status") == "degraded"; }));
  const auto health = client.get("/health");
  CHECK(health.status == 200);  // reads still work: not a reason to restart it
  const auto data = health.json()["data"];
  CHECK(data["database"] == "ok");
  CHECK_THAT(data["store"].get<std::string>(), Catch::StartsWith("error: disk full since "));
  CHECK(data["ingest"]["dropped"] == 0);
  const auto metrics = client.get("/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("\naegis_store_disk_full 1\n"));
  CHECK_THAT(metrics, Catch::Contains("\naegis_store_writable 0\n"));
  // Reads keep answering.
  CHECK(client.get("/units").status == 200);

  const std::string http_record = "[" + reading(0).insert(1, R"("product_id":"L47181","unit_id":"HTTP",)") + "]";
  const auto posted = client.post("/telemetry", http_record);
  CHECK(posted.status == 507);
  CHECK(posted.json()["error"] ==
        "Telemetry could not be stored: the gateway's disk is full (1 of 1 accepted records); retry once space is freed");

  disk.free();
  CHECK(eventually(30s, [&] { return rows_of(daemon, "DURING") == 300; }));
  CHECK(eventually(10s, [&] { return health_of(daemon, "status") == "healthy"; }));
  CHECK(health_of(daemon, "store") == "ok");
  CHECK(client.get("/health").json()["data"]["ingest"]["dropped"] == 1);  // the refused POST's record only
  CHECK(client.post("/telemetry", http_record).status == 200);
  CHECK(rows_of(daemon, "HTTP") == 1);
  sender.disconnect();
}

TEST_CASE("A full disk and a full queue: SIGTERM still stops the daemon, and a restart stores what it held",
          "[mqtt][store]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  // A small queue, so that the held readings fill it and the decoder and the
  // MQTT callback behind it wait.
  StreamOnSmallDisk gateway("gw-full-stop", "ingest:\n  queue_capacity: 100\n  commit_rows: 10\n");
  if (!gateway.disk.mounted()) {
    WARN("skipped: cannot mount a small tmpfs here (" << gateway.disk.error() << "); run as root");
    return;
  }
  REQUIRE(gateway.start());
  auto& [broker, daemon, disk, sender] = gateway;
  sender.publish("aegis/L47181/FIRST/telemetry", reading(0));  // the journal has its file before the disk fills
  REQUIRE(eventually(10s, [&] { return rows_of(daemon, "FIRST") == 1; }));
  disk.fill();
  for (int i = 0; i < 2000; ++i) sender.publish_async("aegis/L47181/HELD/telemetry", reading(i));
  sender.flush();
  REQUIRE(eventually(20s, [&] { return health_of(daemon, "status") == "degraded"; }));
  std::this_thread::sleep_for(1s);  // the queue fills behind the held group

  daemon.process().signal(SIGTERM);
  CHECK(daemon.process().wait(30s) == 0);

  disk.free();
  REQUIRE(daemon.start());
  const bool all_stored = eventually(60s, [&] { return rows_of(daemon, "HELD") == 2000; });
  INFO("stored " << rows_of(daemon, "HELD") << "; the daemon's log: " << daemon.process().log());
  CHECK(all_stored);
  sender.disconnect();
}

TEST_CASE("A disk full before the journal could grow: MQTT messages wait at the broker, /health says why",
          "[mqtt][store]") {
  if (!MosquittoBroker::available()) {
    WARN("skipped: mosquitto is not installed");
    return;
  }
  StreamOnSmallDisk gateway("gw-journal-full");
  if (!gateway.disk.mounted()) {
    WARN("skipped: cannot mount a small tmpfs here (" << gateway.disk.error() << "); run as root");
    return;
  }
  REQUIRE(gateway.start());
  auto& [broker, daemon, disk, sender] = gateway;
  disk.fill();
  for (int i = 0; i < 100; ++i) sender.publish_async("aegis/L47181/WAITING/telemetry", reading(i));
  sender.flush();  // the broker has them; the gateway acknowledges none while it cannot journal them
  REQUIRE(eventually(20s, [&] { return health_of(daemon, "status") == "degraded"; }));
  CHECK_THAT(health_of(daemon, "store"), Catch::StartsWith("error: intake journal cannot take messages: "));
  CHECK(rows_of(daemon, "WAITING") == 0);
  disk.free();
  CHECK(eventually(60s, [&] { return rows_of(daemon, "WAITING") == 100; }));
  CHECK(eventually(10s, [&] { return health_of(daemon, "status") == "healthy"; }));
  sender.disconnect();
}
