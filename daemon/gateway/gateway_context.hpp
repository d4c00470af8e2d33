#pragma once
// What route handlers may reach: the configuration and the engine's objects,
// wired by Gateway. Routes hold a reference to it and no state of their own.
#include <chrono>
#include <string>

#include "daemon/config/config.hpp"
#include "daemon/copilot/copilot_runtime.hpp"
#include "daemon/http/request_metrics.hpp"
#include "daemon/workers/job_worker.hpp"
#include "drivers/mqtt/mqtt_intake.hpp"
#include "engine/ingest/decode_stage.hpp"
#include "engine/ingest/journal_keeper.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/ingest/telemetry_intake.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/planning/maintenance_planner.hpp"
#include "engine/planning/maintenance_store.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/retraining/retrain_jobs.hpp"
#include "engine/scoring/predictor.hpp"
#include "engine/store/database.hpp"
#include "engine/streaming/alert_store.hpp"
#include "engine/streaming/stream_scorer.hpp"
#include "engine/telemetry/telemetry_store.hpp"

namespace aegis::gateway {

struct GatewayContext {
  const config::Config& config;
  store::Database& database;
  const profiles::ProfileCatalog& profiles;
  telemetry::TelemetryStore& telemetry;
  models::ModelRegistry& registry;
  scoring::Predictor& predictor;
  ingest::TelemetryIntake& intake;
  streaming::StreamScorer& scorer;
  streaming::AlertStore& alerts;
  const ingest::IngestPipeline& pipeline;
  planning::MaintenanceStore& maintenance;
  planning::MaintenancePlanner& planner;
  retraining::RetrainJobs& retrain_jobs;
  copilot::CopilotRuntime& copilot;
  const mqtt::MqttIntake& mqtt;
  const ingest::DecodeStage& decode_stage;  // between the MQTT client and the intake
  const ingest::JournalKeeper* journal;     // the MQTT intake journal; null without a broker
  const http::RequestMetrics& request_metrics;  // what the API has answered (GET /metrics)
  workers::JobWorker& telemetry_worker;         // POST /telemetry waits for its commit here
  std::chrono::steady_clock::time_point started_at;
  std::string version;
};

}  // namespace aegis::gateway
