#pragma once
// The running daemon: opens the store, registers the routes, starts the HTTP
// server, and takes it all down in order on stop. main() owns one.
#include <chrono>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/copilot/copilot_runtime.hpp"
#include "daemon/gateway/gateway_context.hpp"
#include "daemon/http/dispatcher.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/http/router.hpp"
#include "drivers/mqtt/alert_publisher.hpp"
#include "drivers/mqtt/mqtt_intake.hpp"
#include "engine/ingest/dead_letters.hpp"
#include "engine/ingest/decode_stage.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/ingest/journal_keeper.hpp"
#include "engine/ingest/telemetry_intake.hpp"
#include "engine/retraining/retrain_jobs.hpp"
#include "engine/store/database.hpp"
#include "engine/store/retention.hpp"
#include "engine/streaming/alert_store.hpp"
#include "engine/streaming/stream_scorer.hpp"

namespace aegis::gateway {

class Gateway {
 public:
  explicit Gateway(config::Config config);
  ~Gateway();

  // Opens the store and starts listening; throws with a clear message when
  // the database or the listen address cannot be used.
  void start();
  // Stops intake, lets requests in flight finish, closes the store.
  void stop();
  // Applies what can change without a restart (log level, API keys); logs
  // the keys whose new values need a restart.
  void reload(const config::Config& updated);

  unsigned short http_port() const;

 private:
  void start_ingest();

  config::Config config_;
  std::unique_ptr<store::Database> database_;
  profiles::ProfileCatalog catalog_;
  std::unique_ptr<telemetry::TelemetryStore> telemetry_;
  std::unique_ptr<models::ModelRegistry> registry_;
  std::unique_ptr<scoring::Predictor> predictor_;
  std::unique_ptr<planning::MaintenanceStore> maintenance_;
  std::unique_ptr<planning::MaintenancePlanner> planner_;
  std::unique_ptr<ingest::DeadLetterStore> dead_letters_;
  std::unique_ptr<ingest::IngestPipeline> pipeline_;
  std::unique_ptr<ingest::JournalKeeper> journal_;  // with an MQTT broker only
  std::unique_ptr<ingest::TelemetryIntake> intake_;
  std::unique_ptr<ingest::DecodeStage> decode_stage_;
  std::unique_ptr<streaming::AlertStore> alerts_;
  std::unique_ptr<streaming::StreamScorer> scorer_;
  std::unique_ptr<mqtt::MqttIntake> mqtt_;
  std::unique_ptr<mqtt::AlertPublisher> alert_publisher_;
  std::unique_ptr<store::RetentionWorker> retention_;
  std::unique_ptr<retraining::Retrainer> retrainer_;
  std::unique_ptr<retraining::RetrainJobs> retrain_jobs_;
  std::unique_ptr<copilot::CopilotRuntime> copilot_;
  std::unique_ptr<workers::JobWorker> telemetry_worker_;
  std::unique_ptr<GatewayContext> context_;
  std::shared_ptr<http::RequestMetrics> request_metrics_ = std::make_shared<http::RequestMetrics>();
  http::Router router_;
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace aegis::gateway
