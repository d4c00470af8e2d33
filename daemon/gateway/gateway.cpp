#include "daemon/gateway/gateway.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "daemon/config/config_diff.hpp"
#include "daemon/config/listen_address.hpp"
#include "daemon/config/profiles_section.hpp"
#include "daemon/gateway/retrain_wiring.hpp"
#include "daemon/logging/logging.hpp"
#include "daemon/routes/copilot_routes.hpp"
#include "daemon/routes/copilot_tool_routes.hpp"
#include "daemon/routes/health_routes.hpp"
#include "daemon/routes/model_import_routes.hpp"
#include "daemon/routes/model_routes.hpp"
#include "daemon/routes/predict_routes.hpp"
#include "daemon/routes/alert_routes.hpp"
#include "daemon/routes/telemetry_routes.hpp"
#include "daemon/routes/schedule_routes.hpp"
#include "daemon/routes/unit_routes.hpp"
#include "daemon/routes/model_version_routes.hpp"
#include "daemon/routes/metrics_routes.hpp"
#include "daemon/routes/retrain_routes.hpp"

namespace aegis::gateway {
namespace {

// POST /telemetry waits for its commit on threads of its own. One store
// writer commits every reading, so two keep it fed. Each waiting request
// holds its parsed body (several times the bytes sent), so a few dozen may
// wait, with at most 16 MiB of bodies among them (503 beyond).
constexpr int kTelemetryPostThreads = 2;
constexpr std::size_t kTelemetryPostsWaiting = 32;
constexpr std::size_t kTelemetryPostBytes = 16 * 1024 * 1024;

std::chrono::milliseconds seconds_to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

http::ServerOptions server_options(const config::Config& config) {
  const auto address = config::parse_listen_address(config.http.listen);  // validated with the configuration
  return http::ServerOptions{
      .host = address->host,
      .port = address->port,
      .threads = static_cast<int>(config.http.threads),
      .body_limit_bytes = static_cast<std::size_t>(config.http.body_limit_bytes),
      .header_limit_bytes = static_cast<std::size_t>(config.http.header_limit_bytes),
      .read_timeout = seconds_to_ms(config.http.read_timeout_s),
      .idle_timeout = seconds_to_ms(config.http.idle_timeout_s),
      .write_timeout = seconds_to_ms(config.http.write_timeout_s),
      .max_connections = static_cast<int>(config.http.max_connections),
  };
}

}  // namespace

Gateway::Gateway(config::Config config) : config_(std::move(config)), catalog_(config::profile_catalog(config_)) {}

Gateway::~Gateway() { stop(); }

void Gateway::start() {
  database_ = std::make_unique<store::Database>(store::DatabaseOptions{
      .path = config_.database_path(),
      .busy_timeout_ms = static_cast<int>(config_.storage.busy_timeout_ms),
      .reader_connections = static_cast<int>(config_.storage.reader_connections),
  });
  std::error_code ec;
  std::filesystem::create_directories(config_.artifact_dir(), ec);
  if (ec) spdlog::warn("cannot create model artifact directory {}: {}", config_.artifact_dir(), ec.message());

  telemetry_ = std::make_unique<telemetry::TelemetryStore>(*database_);
  registry_ = std::make_unique<models::ModelRegistry>(*database_, config_.artifact_dir());
  predictor_ = std::make_unique<scoring::Predictor>(*telemetry_, *registry_, catalog_, config_.models.failure_mode);
  maintenance_ = std::make_unique<planning::MaintenanceStore>(*database_);
  planner_ = std::make_unique<planning::MaintenancePlanner>(
      *predictor_, *database_, planning::ModelNames{config_.models.classifier, config_.models.regressor});
  start_ingest();
  retrainer_ = std::make_unique<retraining::Retrainer>(*database_, *telemetry_, *registry_, catalog_,
                                                       retrain_settings(config_), retrain_fault_injection());
  retrain_jobs_ = std::make_unique<retraining::RetrainJobs>(*retrainer_, retrain_schedule(config_));
  copilot_ = std::make_unique<copilot::CopilotRuntime>(
      config_,
      copilot::ToolDependencies{.predictor = *predictor_,
                                .planner = *planner_,
                                .maintenance = *maintenance_,
                                .database = *database_,
                                .profiles = catalog_,
                                .scorer = *scorer_,
                                .classifier = config_.models.classifier,
                                .regressor = config_.models.regressor,
                                .plan_defaults = routes::plan_defaults(config_)},
      *database_);
  telemetry_worker_ =
      std::make_unique<workers::JobWorker>(kTelemetryPostThreads, kTelemetryPostsWaiting, kTelemetryPostBytes);
  context_ = std::make_unique<GatewayContext>(GatewayContext{.config = config_,
                                                             .database = *database_,
                                                             .profiles = catalog_,
                                                             .telemetry = *telemetry_,
                                                             .registry = *registry_,
                                                             .predictor = *predictor_,
                                                             .intake = *intake_,
                                                             .scorer = *scorer_,
                                                             .alerts = *alerts_,
                                                             .pipeline = *pipeline_,
                                                             .maintenance = *maintenance_,
                                                             .planner = *planner_,
                                                             .retrain_jobs = *retrain_jobs_,
                                                             .copilot = *copilot_,
                                                             .mqtt = *mqtt_,
                                                             .decode_stage = *decode_stage_,
                                                             .journal = journal_.get(),
                                                             .request_metrics = *request_metrics_,
                                                             .telemetry_worker = *telemetry_worker_,
                                                             .started_at = std::chrono::steady_clock::now(),
                                                             .version = AEGIS_VERSION});
  routes::add_health_routes(router_, *context_);
  routes::add_predict_routes(router_, *context_);
  routes::add_model_routes(router_, *context_);
  routes::add_model_import_routes(router_, *context_);
  routes::add_copilot_tool_routes(router_, *context_);
  routes::add_copilot_routes(router_, *context_);
  routes::add_unit_routes(router_, *context_);
  routes::add_telemetry_routes(router_, *context_);
  routes::add_alert_routes(router_, *context_);
  routes::add_schedule_routes(router_, *context_);
  routes::add_model_version_routes(router_, *context_);
  routes::add_retrain_routes(router_, *context_);
  routes::add_metrics_routes(router_, *context_);

  std::shared_ptr<http::RateLimiter> rate_limiter;
  if (config_.http.rate_limit_per_s > 0) {
    rate_limiter = std::make_shared<http::RateLimiter>(config_.http.rate_limit_per_s,
                                                       static_cast<double>(config_.http.rate_limit_burst));
  }
  dispatcher_ = std::make_unique<http::Dispatcher>(
      router_, http::ApiKeys(config_.auth.api_keys),
      http::DispatcherOptions{.cors_origins = config_.http.cors_origins,
                              .metrics = request_metrics_,
                              .rate_limiter = std::move(rate_limiter),
                              .trusted_networks = http::TrustedNetworks(config_.auth.trusted_networks)});
  server_ = std::make_unique<http::HttpServer>(server_options(config_), *dispatcher_);
  server_->start();
  retrain_jobs_->start();
  if (alert_publisher_) alert_publisher_->start();
  mqtt_->start();  // after the listener: MQTT messages need a running store, not the API
  if (config_.storage.retention_days > 0 || config_.storage.retention_max_mb > 0) {
    retention_ = std::make_unique<store::RetentionWorker>(
        *database_,
        store::RetentionPolicy{.max_age = std::chrono::hours(24 * config_.storage.retention_days),
                               .max_bytes = config_.storage.retention_max_mb * 1024 * 1024},
        std::chrono::seconds(config_.storage.retention_interval_s));
    retention_->start();
  }
  if (config_.auth.api_keys.empty() && config::parse_listen_address(config_.http.listen)->host != "127.0.0.1" &&
      config::parse_listen_address(config_.http.listen)->host != "::1") {
    spdlog::warn("http: listening on {} without API keys: anyone who can reach it can use the API",
                 config_.http.listen);
  }
}

void Gateway::stop() {
  // Intake first (no new readings), then the API, then what is queued is
  // committed before the store closes.
  if (retention_) retention_->stop();
  if (journal_) journal_->release_waiters();
  // A store that cannot write fills the queue, and holds the decoder and the
  // MQTT callback behind it: let them go (what they carried is journaled
  // and taken in again at the next start) so that intake can stop.
  if (pipeline_) {
    if (pipeline_->store_problem()) pipeline_->begin_stop();
  }
  if (mqtt_) mqtt_->stop();
  if (decode_stage_) decode_stage_->stop();  // what MQTT acknowledged reaches the ingest queue
  // Before the API: copilot answers in preparation are cancelled and sent
  // while the server can still write them.
  if (copilot_) copilot_->worker.stop();
  // Telemetry posts waiting for their commit are committed and answered.
  if (telemetry_worker_) telemetry_worker_->stop();
  if (server_) {
    server_->stop(seconds_to_ms(config_.http.shutdown_grace_s));
    server_.reset();
  }
  if (retrain_jobs_) retrain_jobs_->stop();  // after the API: no request waits on a job any more
  if (pipeline_) pipeline_->stop();
  if (alert_publisher_) alert_publisher_->stop();
  retention_.reset();
  alert_publisher_.reset();
  mqtt_.reset();
  decode_stage_.reset();
  context_.reset();
  copilot_.reset();
  telemetry_worker_.reset();
  retrain_jobs_.reset();
  retrainer_.reset();
  intake_.reset();
  pipeline_.reset();
  journal_.reset();  // after the writer's last commits: the flushing thread ends with a last flush
  scorer_.reset();
  alerts_.reset();
  dead_letters_.reset();
  predictor_.reset();
  registry_.reset();
  telemetry_.reset();
  database_.reset();
}

void Gateway::reload(const config::Config& updated) {
  const auto changed = config::changed_keys(config_, updated);
  std::vector<std::string> applied, needs_restart;
  for (const auto& key : changed) {
    if (key == "logging.level") {
      logging::set_level(updated.logging.level);
      config_.logging.level = updated.logging.level;
      applied.push_back(key);
    } else if (key == "auth.api_keys" || key == "auth.trusted_networks") {
      dispatcher_->set_access(http::ApiKeys(updated.auth.api_keys), http::TrustedNetworks(updated.auth.trusted_networks));
      config_.auth.api_keys = updated.auth.api_keys;
      config_.auth.trusted_networks = updated.auth.trusted_networks;
      applied.push_back(key);
    } else {
      needs_restart.push_back(key);
    }
  }
  auto joined = [](const std::vector<std::string>& keys) {
    std::string text;
    for (const auto& key : keys) text += (text.empty() ? "" : ", ") + key;
    return text.empty() ? std::string("none") : text;
  };
  spdlog::info("configuration reloaded: applied {}", joined(applied));
  if (!needs_restart.empty()) spdlog::warn("configuration reload: not applied until restart: {}", joined(needs_restart));
}

void Gateway::start_ingest() {
  const auto& ingest = config_.ingest;
  dead_letters_ = std::make_unique<ingest::DeadLetterStore>(*database_, static_cast<std::size_t>(ingest.dead_letter_max_rows));
  pipeline_ = std::make_unique<ingest::IngestPipeline>(
      *telemetry_, catalog_,
      ingest::IngestOptions{.queue_capacity = static_cast<std::size_t>(ingest.queue_capacity),
                            .commit_interval = std::chrono::milliseconds(ingest.commit_interval_ms),
                            .commit_rows = static_cast<std::size_t>(ingest.commit_rows),
                            .writer_nice = static_cast<int>(ingest.writer_nice)});
  alerts_ = std::make_unique<streaming::AlertStore>(*database_);
  scorer_ = std::make_unique<streaming::StreamScorer>(
      *telemetry_, *registry_, *alerts_,
      streaming::StreamScorerOptions{.classifier = config_.models.classifier,
                                     .regressor = config_.models.regressor,
                                     .failure_mode = config_.models.failure_mode});
  pipeline_->on_commit([this](const profiles::SensorProfile& profile, std::span<const telemetry::Reading> fresh) {
    scorer_->on_commit(profile, fresh);
  });
  intake_ = std::make_unique<ingest::TelemetryIntake>(
      *pipeline_, *dead_letters_, catalog_,
      ingest::DecodeLimits{.topic_prefix = config_.mqtt.topic_prefix,
                           .max_payload_bytes = static_cast<std::size_t>(ingest.max_payload_bytes)});
  mqtt::MqttOptions options;
  options.broker_uri = config_.mqtt.broker;  // empty: a disabled intake
  options.client_id = config_.mqtt.client_id;
  options.topic_prefix = config_.mqtt.topic_prefix;
  options.qos = static_cast<int>(config_.mqtt.qos);
  options.username = config_.mqtt.username;
  options.password = config_.mqtt.password;
  options.ca_file = config_.mqtt.ca_file;
  options.cert_file = config_.mqtt.cert_file;
  options.key_file = config_.mqtt.key_file;
  // Every MQTT message is journaled before the callback returns (what Paho
  // acknowledges survives kill -9); the store's commits trim the journal.
  if (!options.broker_uri.empty()) {
    journal_ = std::make_unique<ingest::JournalKeeper>(ingest::JournalKeeperOptions{
        .dir = std::filesystem::path(config_.storage.data_dir) / "intake-journal",
        .sync_interval = std::chrono::milliseconds(ingest.journal_sync_ms)});
    pipeline_->on_settled([this](const auto& settled) { journal_->settled(settled); });
  }
  decode_stage_ = std::make_unique<ingest::DecodeStage>(
      [this](std::uint64_t seq, std::string_view topic, std::string_view payload) {
        const auto outcome = intake_->from_mqtt(seq, topic, payload);
        if (journal_) journal_->decoded(seq, outcome.accepted);
      });
  if (journal_) {
    const auto replayed = journal_->replay([this](std::uint64_t seq, std::string_view topic, std::string_view payload) {
      decode_stage_->push(seq, topic, payload);
    });
    if (replayed > 0) spdlog::info("ingest: {} MQTT messages from the intake journal taken in again", replayed);
  }
  mqtt_ = std::make_unique<mqtt::MqttIntake>(options, [this](const std::string& topic, std::string_view payload) {
    decode_stage_->push(journal_ ? journal_->record(topic, payload) : 0, topic, payload);
  });
  if (!options.broker_uri.empty()) {
    options.client_id += "-alerts";
    alert_publisher_ = std::make_unique<mqtt::AlertPublisher>(options);
    scorer_->on_alert([this](const streaming::AlertRecord& alert) {
      alert_publisher_->publish(alert.product_id, alert.unit_id, alert.to_json().dump());
    });
  }
}

unsigned short Gateway::http_port() const { return server_ ? server_->port() : 0; }

}  // namespace aegis::gateway
