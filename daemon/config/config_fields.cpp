#include "daemon/config/config_fields.hpp"

#include <cctype>

#include "daemon/config/listen_address.hpp"
#include "daemon/http/trusted_networks.hpp"

namespace aegis::config {
namespace {

std::string check_listen(const std::string& value) {
  return parse_listen_address(value) ? "" : "expected HOST:PORT (for example 127.0.0.1:8080), got '" + value + "'";
}

std::string check_api_key(const std::string& value) {
  const auto colon = value.rfind(':');
  // The key itself is a secret: the message never repeats it.
  if (colon == std::string::npos || colon < 8) return "expected KEY:SCOPE with a key of at least 8 characters";
  const std::string scope = value.substr(colon + 1);
  if (scope != "read" && scope != "operate" && scope != "admin") {
    return "scope must be read, operate or admin, got '" + scope + "'";
  }
  return "";
}

std::string check_trusted_network(const std::string& value) { return http::parse_trusted_network(value).error; }

std::string check_clock_time(const std::string& value) {
  const bool shape = value.size() == 5 && std::isdigit(static_cast<unsigned char>(value[0])) &&
                     std::isdigit(static_cast<unsigned char>(value[1])) && value[2] == ':' &&
                     std::isdigit(static_cast<unsigned char>(value[3])) &&
                     std::isdigit(static_cast<unsigned char>(value[4]));
  if (!shape || std::stoi(value.substr(0, 2)) > 23 || std::stoi(value.substr(3, 2)) > 59) {
    return "expected HH:MM (UTC), got '" + value + "'";
  }
  return "";
}

std::string check_not_empty(const std::string& value) { return value.empty() ? "must not be empty" : ""; }

std::string check_url(const std::string& value) {
  if (value.empty()) return "";
  for (const char* scheme : {"http://", "https://", "file://", "gs://"}) {
    if (value.rfind(scheme, 0) == 0) return "";
  }
  return "expected an http://, https://, file:// or gs:// URL, got '" + value + "'";
}

std::string check_broker(const std::string& value) {
  if (value.empty()) return "";
  for (const char* scheme : {"tcp://", "ssl://", "mqtt://", "mqtts://", "ws://", "wss://"}) {
    if (value.rfind(scheme, 0) == 0) return "";
  }
  return "expected a broker URI such as tcp://127.0.0.1:1883, got '" + value + "'";
}

template <class T>
Binding member_of(T& (*member)(Config&)) {
  return Binding{member};
}

}  // namespace

std::string automatic_env_name(const std::string& key) {
  std::string name = "AEGIS_";
  for (const char c : key) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

const std::vector<Field>& config_fields() {
  static const std::vector<Field> fields{
      // http
      {.key = "http.listen", .description = "address and port of the local REST API",
       .member = member_of(+[](Config& c) -> std::string& { return c.http.listen; }), .check = check_listen},
      {.key = "http.threads", .description = "threads serving HTTP requests",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.http.threads; }), .min = 1, .max = 64},
      {.key = "http.body_limit_bytes", .description = "largest request body accepted (413 above)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.http.body_limit_bytes; }), .min = 1024,
       .max = 1073741824},
      {.key = "http.header_limit_bytes", .description = "largest request header block accepted (431 above)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.http.header_limit_bytes; }), .min = 1024,
       .max = 1048576},
      {.key = "http.read_timeout_s", .description = "time a client has to send a whole request",
       .member = member_of(+[](Config& c) -> double& { return c.http.read_timeout_s; }), .min = 0.1, .max = 3600},
      {.key = "http.idle_timeout_s", .description = "time a kept-alive connection may wait for its next request",
       .member = member_of(+[](Config& c) -> double& { return c.http.idle_timeout_s; }), .min = 0.1, .max = 3600},
      {.key = "http.write_timeout_s", .description = "time a client has to read a response",
       .member = member_of(+[](Config& c) -> double& { return c.http.write_timeout_s; }), .min = 0.1, .max = 3600},
      {.key = "http.max_connections", .description = "open connections served at once (503 above)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.http.max_connections; }), .min = 1, .max = 100000},
      {.key = "http.shutdown_grace_s", .description = "time in-flight requests get to finish on SIGTERM",
       .member = member_of(+[](Config& c) -> double& { return c.http.shutdown_grace_s; }), .min = 0, .max = 600},
      {.key = "http.cors_origins", .description = "browser origins allowed to call the API (CORS)",
       .member = member_of(+[](Config& c) -> std::vector<std::string>& { return c.http.cors_origins; })},
      {.key = "http.rate_limit_per_s",
       .description = "requests a second each client (API key, or address) may make; 0: no limit (429 above)",
       .member = member_of(+[](Config& c) -> double& { return c.http.rate_limit_per_s; }), .min = 0, .max = 100000},
      {.key = "http.rate_limit_burst", .description = "requests a client may make at once before the rate applies",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.http.rate_limit_burst; }), .min = 1,
       .max = 100000},
      // auth
      {.key = "auth.api_keys",
       .description = "API keys as KEY:SCOPE (read < operate < admin); none: the API is open",
       .member = member_of(+[](Config& c) -> std::vector<std::string>& { return c.auth.api_keys; }), .secret = true,
       .env_aliases = {"AEGIS_API_KEYS"}, .credential = "aegis_api_keys", .check = check_api_key},
      {.key = "auth.trusted_networks",
       .description = "NETWORK/PREFIX:SCOPE entries whose clients need no key while keys are on (none by default)",
       .member = member_of(+[](Config& c) -> std::vector<std::string>& { return c.auth.trusted_networks; }),
       .check = check_trusted_network},
      // storage
      {.key = "storage.data_dir", .description = "folder for the database and model artifacts",
       .member = member_of(+[](Config& c) -> std::string& { return c.storage.data_dir; }), .env_aliases = {"AEGIS_DATA_DIR"},
       .check = check_not_empty},
      {.key = "storage.database", .description = "SQLite database file (default <data_dir>/aegisd.db)",
       .member = member_of(+[](Config& c) -> std::string& { return c.storage.database; })},
      {.key = "storage.busy_timeout_ms", .description = "how long a query waits for a locked database",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.storage.busy_timeout_ms; }), .min = 0,
       .max = 600000},
      {.key = "storage.reader_connections", .description = "read-only database connections for the API",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.storage.reader_connections; }), .min = 1,
       .max = 64},
      {.key = "storage.retention_days", .description = "telemetry older than this is removed (0: kept forever)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.storage.retention_days; }), .min = 0,
       .max = 36500},
      {.key = "storage.retention_max_mb", .description = "oldest telemetry is removed above this size (0: no bound)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.storage.retention_max_mb; }), .min = 0,
       .max = 10000000},
      {.key = "storage.retention_interval_s", .description = "seconds between retention passes",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.storage.retention_interval_s; }), .min = 1,
       .max = 86400},
      // mqtt
      {.key = "mqtt.broker", .description = "broker URI, e.g. tcp://127.0.0.1:1883 (empty: no MQTT intake)",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.broker; }), .check = check_broker},
      {.key = "mqtt.client_id", .description = "fixed client id of the persistent session",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.client_id; }), .check = check_not_empty},
      {.key = "mqtt.topic_prefix", .description = "topics are <prefix>/<product_id>/<unit_id>/telemetry",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.topic_prefix; }), .check = check_not_empty},
      {.key = "mqtt.qos", .description = "subscription quality of service",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.mqtt.qos; }), .min = 0, .max = 2},
      {.key = "mqtt.username", .description = "broker user name",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.username; })},
      {.key = "mqtt.password", .description = "broker password",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.password; }), .secret = true,
       .env_aliases = {"AEGIS_MQTT_PASSWORD"}, .credential = "mqtt_password"},
      {.key = "mqtt.ca_file", .description = "CA certificate file for TLS",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.ca_file; })},
      {.key = "mqtt.cert_file", .description = "client certificate file for TLS",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.cert_file; })},
      {.key = "mqtt.key_file", .description = "client private key file for TLS",
       .member = member_of(+[](Config& c) -> std::string& { return c.mqtt.key_file; })},
      // ingest
      {.key = "ingest.queue_capacity", .description = "readings held for the store, queued or committing; MQTT intake pauses beyond",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.queue_capacity; }), .min = 100,
       .max = 10000000},
      {.key = "ingest.commit_interval_ms", .description = "longest wait of a reading for its group commit",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.commit_interval_ms; }), .min = 1,
       .max = 10000},
      {.key = "ingest.commit_rows", .description = "readings that start a group commit (a backlog: up to half the queue per group)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.commit_rows; }), .min = 1, .max = 1000000},
      {.key = "ingest.writer_nice", .description = "nice levels the store writer gives up, so MQTT intake goes first on busy cores",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.writer_nice; }), .min = 0, .max = 19},
      {.key = "ingest.max_payload_bytes", .description = "largest MQTT payload accepted (dead-lettered above)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.max_payload_bytes; }), .min = 256,
       .max = 268435456},
      {.key = "ingest.dead_letter_max_rows", .description = "refused records kept for diagnosis, newest first",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.dead_letter_max_rows; }), .min = 10,
       .max = 10000000},
      {.key = "ingest.seq_gap_degraded_s",
       .description = "seconds /health stays degraded after a unit's readings went missing (seq gaps); 0: never",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.seq_gap_degraded_s; }), .min = 0,
       .max = 604800},
      {.key = "ingest.journal_sync_ms",
       .description = "the MQTT intake journal is flushed to storage at least this often; 0: after every commit",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.ingest.journal_sync_ms; }), .min = 0,
       .max = 600000},
      // models
      {.key = "models.artifact_dir", .description = "model artifact folder (default <data_dir>/models)",
       .member = member_of(+[](Config& c) -> std::string& { return c.models.artifact_dir; })},
      {.key = "models.classifier", .description = "default failure classifier name",
       .member = member_of(+[](Config& c) -> std::string& { return c.models.classifier; }), .check = check_not_empty},
      {.key = "models.regressor", .description = "default remaining-useful-life model name",
       .member = member_of(+[](Config& c) -> std::string& { return c.models.regressor; }), .check = check_not_empty},
      {.key = "models.failure_mode", .description = "default failure-mode model name",
       .member = member_of(+[](Config& c) -> std::string& { return c.models.failure_mode; }), .check = check_not_empty},
      // retrain
      {.key = "retrain.threads", .description = "threads that train a retrained model",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.threads; }), .min = 1, .max = 64},
      {.key = "retrain.memory_budget_mb", .description = "memory a retraining run may hold windows in",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.memory_budget_mb; }), .min = 16,
       .max = 65536},
      {.key = "retrain.sample_limit", .description = "training windows per run at most (a request may ask fewer)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.sample_limit; }), .min = 100,
       .max = 100000000},
      {.key = "retrain.window_stride", .description = "one training window every N readings of a unit",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.window_stride; }), .min = 1, .max = 10000},
      {.key = "retrain.holdout_fraction", .description = "share of units held out to judge candidates",
       .member = member_of(+[](Config& c) -> double& { return c.retrain.holdout_fraction; }), .min = 0.05, .max = 0.5},
      {.key = "retrain.tolerance",
       .description = "relative loss on F1 (classification) or RMSE (forecast) a candidate may show and still be promoted",
       .member = member_of(+[](Config& c) -> double& { return c.retrain.tolerance; }), .min = 0, .max = 1},
      {.key = "retrain.incremental_rounds", .description = "boosting rounds an incremental run adds",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.incremental_rounds; }), .min = 1,
       .max = 10000},
      {.key = "retrain.replay_ratio", .description = "older windows replayed per new window in incremental runs",
       .member = member_of(+[](Config& c) -> double& { return c.retrain.replay_ratio; }), .min = 0, .max = 100},
      {.key = "retrain.interval_s", .description = "seconds between scheduled retraining checks (0: off)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.interval_s; }), .min = 0,
       .max = 2592000},
      {.key = "retrain.min_new_rows", .description = "new readings that trigger a scheduled incremental run",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.retrain.min_new_rows; }), .min = 1,
       .max = 1000000000},
      // scheduler
      {.key = "scheduler.shift_start", .description = "daily shift start, HH:MM UTC",
       .member = member_of(+[](Config& c) -> std::string& { return c.scheduler.shift_start; }), .check = check_clock_time},
      {.key = "scheduler.teams_available", .description = "default number of technician teams",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.scheduler.teams_available; }), .min = 1, .max = 1000},
      {.key = "scheduler.hours_per_day", .description = "default shift length in hours",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.scheduler.hours_per_day; }), .min = 1, .max = 24},
      {.key = "scheduler.horizon_days", .description = "default planning horizon in days",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.scheduler.horizon_days; }), .min = 1, .max = 365},
      // copilot
      {.key = "copilot.provider", .description = "auto (Gemini with a key, else offline), gemini, openai, offline",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.provider; }),
       .choices = {"auto", "gemini", "openai", "offline"}},
      {.key = "copilot.model", .description = "LLM model name",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.model; }),
       .env_aliases = {"GEMINI_MODEL_NAME"}, .check = check_not_empty},
      {.key = "copilot.base_url", .description = "LLM API base URL",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.base_url; }), .check = check_url},
      {.key = "copilot.api_key", .description = "LLM API key",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.api_key; }), .secret = true,
       .env_aliases = {"GEMINI_API_KEY"}, .credential = "gemini_api_key"},
      {.key = "copilot.timeout_s", .description = "time one LLM HTTP call may take (answered 504 when exceeded)",
       .member = member_of(+[](Config& c) -> double& { return c.copilot.timeout_s; }), .min = 1, .max = 600},
      {.key = "copilot.retries", .description = "more attempts after an LLM answers 429 or 5xx",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.copilot.retries; }), .min = 0, .max = 10},
      {.key = "copilot.retry_backoff_ms", .description = "first retry delay (doubles per retry, jittered, capped at 16x)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.copilot.retry_backoff_ms; }), .min = 10,
       .max = 60000},
      {.key = "copilot.max_tool_rounds", .description = "rounds of tool calls an LLM may make for one answer",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.copilot.max_tool_rounds; }), .min = 1, .max = 20},
      {.key = "copilot.openai_base_url", .description = "OpenAI-compatible API base URL (llama.cpp server, Ollama)",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.openai_base_url; }), .check = check_url},
      {.key = "copilot.openai_model", .description = "model name sent to the OpenAI-compatible server",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.openai_model; }), .check = check_not_empty},
      {.key = "copilot.openai_api_key", .description = "bearer key of the OpenAI-compatible server (often none)",
       .member = member_of(+[](Config& c) -> std::string& { return c.copilot.openai_api_key; }), .secret = true,
       .env_aliases = {"OPENAI_API_KEY"}, .credential = "openai_api_key"},
      {.key = "copilot.session_max_messages", .description = "messages a conversation keeps (oldest dropped)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.copilot.session_max_messages; }), .min = 2,
       .max = 1000},
      {.key = "copilot.workers", .description = "copilot answers prepared at once (threads beside the HTTP ones)",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.copilot.workers; }), .min = 1, .max = 16},
      {.key = "copilot.queue_limit", .description = "copilot requests waiting for a worker before 503",
       .member = member_of(+[](Config& c) -> std::int64_t& { return c.copilot.queue_limit; }), .min = 1, .max = 1000},
      // upstream
      {.key = "upstream.gateway_id", .description = "this gateway's name in upstream topics",
       .member = member_of(+[](Config& c) -> std::string& { return c.upstream.gateway_id; })},
      {.key = "upstream.manifest_url", .description = "model manifest URL (https://, file://, gs://)",
       .member = member_of(+[](Config& c) -> std::string& { return c.upstream.manifest_url; }), .check = check_url},
      {.key = "upstream.results_broker", .description = "upstream MQTT broker URI for results",
       .member = member_of(+[](Config& c) -> std::string& { return c.upstream.results_broker; }), .check = check_broker},
      {.key = "upstream.signing_public_key", .description = "Ed25519 public key (PEM file) that signs manifests",
       .member = member_of(+[](Config& c) -> std::string& { return c.upstream.signing_public_key; })},
      // logging
      {.key = "logging.level", .description = "trace, debug, info, warn, error, critical or off",
       .member = member_of(+[](Config& c) -> std::string& { return c.logging.level; }),
       .choices = {"trace", "debug", "info", "warn", "error", "critical", "off"}},
      {.key = "logging.format", .description = "text, or json (one object per line)",
       .member = member_of(+[](Config& c) -> std::string& { return c.logging.format; }), .choices = {"text", "json"}},
  };
  return fields;
}

}  // namespace aegis::config
