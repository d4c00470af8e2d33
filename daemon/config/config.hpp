#pragma once
// The daemon's effective configuration. The defaults written here are the
// documented defaults: config_fields.cpp binds every key to one member, and
// check-config prints them from a default-constructed Config.
#include <cstdint>
#include <string>
#include <vector>

namespace aegis::config {

struct HttpConfig {
  std::string listen = "127.0.0.1:8080";
  std::int64_t threads = 2;
  std::int64_t body_limit_bytes = 1048576;
  std::int64_t header_limit_bytes = 8192;
  double read_timeout_s = 10;
  double idle_timeout_s = 60;
  double write_timeout_s = 10;
  std::int64_t max_connections = 256;
  double shutdown_grace_s = 10;
  std::vector<std::string> cors_origins;
  double rate_limit_per_s = 0;         // requests a second per client on keyed routes; 0: no limit
  std::int64_t rate_limit_burst = 20;  // requests a client may make at once before the rate applies
};

struct AuthConfig {
  // "KEY:SCOPE" entries; scopes are read < operate < admin. Empty: no keys
  // are required (the API listens on loopback by default).
  std::vector<std::string> api_keys;
  // "NETWORK[/PREFIX]:SCOPE" entries: requests without a key from these
  // networks get that scope while keys are on. Empty: every request needs a key.
  std::vector<std::string> trusted_networks;
};

struct StorageConfig {
  std::string data_dir = "/var/lib/aegis";
  std::string database;  // empty: <data_dir>/aegisd.db
  std::int64_t busy_timeout_ms = 5000;
  std::int64_t reader_connections = 4;
  std::int64_t retention_days = 0;    // 0 keeps telemetry forever (nothing is deleted unless asked)
  std::int64_t retention_max_mb = 0;  // 0 sets no size bound
  std::int64_t retention_interval_s = 300;
};

struct MqttConfig {
  std::string broker;  // empty: no MQTT intake
  std::string client_id = "aegisd";
  std::string topic_prefix = "aegis";
  std::int64_t qos = 1;
  std::string username;
  std::string password;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

struct IngestConfig {
  std::int64_t queue_capacity = 20000;    // readings waiting for the store; MQTT intake pauses beyond
  std::int64_t commit_interval_ms = 100;  // a reading waits at most this long for its group commit
  std::int64_t commit_rows = 10000;       // a group this size is committed at once
  std::int64_t writer_nice = 5;           // nice levels the store writer thread gives up under CPU pressure
  std::int64_t max_payload_bytes = 262144;
  std::int64_t dead_letter_max_rows = 10000;
  // /health says "degraded" this long after a unit's last seq gap (0: never).
  std::int64_t seq_gap_degraded_s = 600;
  // The intake journal is flushed to storage at least this often (what a
  // power cut can lose); 0: after every commit group.
  std::int64_t journal_sync_ms = 1000;
};

struct ModelsConfig {
  std::string artifact_dir;  // empty: <data_dir>/models
  std::string classifier = "xgb_classifier";
  std::string regressor = "xgb_regressor";
  std::string failure_mode = "xgb_failure_mode";
};

// Retraining on the gateway (POST /retrain/run and the optional schedule).
struct RetrainConfig {
  std::int64_t threads = 2;
  std::int64_t memory_budget_mb = 256;
  std::int64_t sample_limit = 100000;
  std::int64_t window_stride = 5;
  double holdout_fraction = 0.2;
  double tolerance = 0.02;
  std::int64_t incremental_rounds = 50;
  double replay_ratio = 1.0;
  std::int64_t interval_s = 0;  // 0: no scheduled retraining
  std::int64_t min_new_rows = 1000;
};

struct SchedulerConfig {
  std::string shift_start = "08:00";
  std::int64_t teams_available = 2;
  std::int64_t hours_per_day = 8;
  std::int64_t horizon_days = 7;
};

struct CopilotConfig {
  std::string provider = "auto";
  std::string model = "gemini-2.5-pro";
  std::string base_url = "https://generativelanguage.googleapis.com";
  std::string api_key;
  double timeout_s = 30;
  std::int64_t retries = 2;             // more attempts after a 429 or 5xx answer
  std::int64_t retry_backoff_ms = 500;  // first backoff; doubles per retry, jittered
  std::int64_t max_tool_rounds = 5;
  std::string openai_base_url = "http://127.0.0.1:11434/v1";
  std::string openai_model = "llama3.1";
  std::string openai_api_key;
  std::int64_t session_max_messages = 40;
  std::int64_t workers = 2;
  std::int64_t queue_limit = 16;
};

struct UpstreamConfig {
  std::string gateway_id;
  std::string manifest_url;
  std::string results_broker;
  std::string signing_public_key;
};

// One sensor profile (SPEC section 6). The shipped profiles' sensors are the
// columns of their telemetry tables, so the file may restate them but not
// change them; what an operator sets is the time step and the product ids.
struct ProfileConfig {
  std::string name;
  std::vector<std::string> sensors;
  bool engine_type = false;
  double step_hours = 1.0;
  std::vector<std::string> products;  // product ids using this profile
  bool operator==(const ProfileConfig&) const = default;
};

std::vector<ProfileConfig> default_profiles();

struct LoggingConfig {
  std::string level = "info";
  std::string format = "text";
};

struct Config {
  HttpConfig http;
  AuthConfig auth;
  StorageConfig storage;
  MqttConfig mqtt;
  IngestConfig ingest;
  ModelsConfig models;
  RetrainConfig retrain;
  SchedulerConfig scheduler;
  CopilotConfig copilot;
  UpstreamConfig upstream;
  LoggingConfig logging;
  std::vector<ProfileConfig> profiles = default_profiles();

  // Paths derived from storage.data_dir when not set explicitly.
  std::string database_path() const;
  std::string artifact_dir() const;
};

}  // namespace aegis::config
