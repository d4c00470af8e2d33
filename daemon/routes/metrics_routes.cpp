#include "daemon/routes/metrics_routes.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cmath>
#include <filesystem>

#include "daemon/metrics/prometheus_text.hpp"

namespace aegis::routes {
namespace {

using metrics::MetricType;
using metrics::PrometheusText;

void counter(PrometheusText& out, std::string_view name, std::string_view help, std::uint64_t value) {
  out.family(name, MetricType::counter, help);
  out.sample(static_cast<double>(value));
}

void gauge(PrometheusText& out, std::string_view name, std::string_view help, double value) {
  out.family(name, MetricType::gauge, help);
  out.sample(value);
}

void write_process(PrometheusText& out, gateway::GatewayContext& context, bool database_up) {
  out.family("aegis_build_info", MetricType::gauge, "Always 1; the version of the running aegisd.");
  out.sample({{"version", context.version}}, 1);
  const auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - context.started_at).count();
  gauge(out, "aegis_uptime_seconds", "Seconds since the daemon started.", uptime);
  gauge(out, "aegis_database_up", "1 when the database answers, 0 when it cannot be read (GET /health says why).",
        database_up ? 1 : 0);
}

// Bytes of the database file with its -wal and -shm files; a file not
// there counts 0.
double database_bytes(const std::string& path) {
  double total = 0;
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec) total += static_cast<double>(size);
  }
  return total;
}

void write_storage(PrometheusText& out, gateway::GatewayContext& context) {
  const std::string database = context.config.database_path();
  gauge(out, "aegis_database_bytes", "Size of the database file with its -wal and -shm files.",
        database_bytes(database));
  std::error_code ec;
  const auto space = std::filesystem::space(std::filesystem::path(database).parent_path(), ec);
  // NaN says "unknown" to Prometheus, where 0 would read as a full disk.
  gauge(out, "aegis_database_disk_available_bytes",
        "Bytes free for the daemon on the filesystem of the database (NaN when it cannot be read).",
        ec ? std::nan("") : static_cast<double>(space.available));
  const auto problem = context.pipeline.store_problem();
  gauge(out, "aegis_store_writable",
        "1 while the database takes writes, 0 while it is read-only or commits fail (GET /health says why).",
        context.database.writable() && !problem && !(context.journal && context.journal->blocked()) ? 1 : 0);
  gauge(out, "aegis_store_disk_full", "1 while commits fail because the database or its disk is full, else 0.",
        problem && problem->disk_full ? 1 : 0);
}

void write_ingest(PrometheusText& out, gateway::GatewayContext& context) {
  const auto stats = context.pipeline.stats();
  const auto intake = context.intake.counters();
  counter(out, "aegis_ingest_messages_total", "Telemetry payloads taken in: MQTT messages and POST /telemetry bodies.",
          intake.messages);
  counter(out, "aegis_ingest_received_total", "Readings accepted and handed to the store.", stats.received);
  counter(out, "aegis_ingest_rejected_total",
          "Records refused, a whole payload counting once when it is not JSON or too large; each message with "
          "refusals also makes one letter in the bounded dead-letter table.",
          intake.rejected_records);
  counter(out, "aegis_ingest_committed_rows_total", "Readings stored as new rows.", stats.committed_rows);
  counter(out, "aegis_ingest_duplicates_total",
          "Readings for a unit and timestamp already stored (the first reading stands).", stats.duplicates);
  counter(out, "aegis_ingest_seq_gaps_total",
          "Sequence numbers skipped when a higher one arrived (a late arrival is also counted as out of order).",
          stats.seq_gaps);
  counter(out, "aegis_ingest_seq_out_of_order_total", "Readings whose seq was not above the unit's highest so far.",
          stats.seq_out_of_order);
  counter(out, "aegis_ingest_commits_total", "Groups of readings committed to the database.", stats.commits);
  counter(out, "aegis_ingest_commit_failures_total", "Failed commit attempts, retried or not.",
          stats.commit_failures);
  counter(out, "aegis_ingest_dropped_rows_total",
          "Readings never stored: a POST /telemetry whose commit failed (its client was told), readings held at a stop "
          "while the store could not write, or readings that came during a stop.", stats.dropped_rows);
  gauge(out, "aegis_ingest_queue_depth", "Readings waiting for the store now, not counting the group being committed.",
        static_cast<double>(stats.queue_depth));
  gauge(out, "aegis_ingest_held", "Readings held for the store now: those waiting plus the group being committed.",
        static_cast<double>(stats.held));
  gauge(out, "aegis_ingest_queue_capacity",
        "Readings held at most; at this many, MQTT intake pauses and POST /telemetry waits.",
        static_cast<double>(context.config.ingest.queue_capacity));
  // No sample before the first new row: 0 would read as a feed stalled
  // since 1970 after every restart (absent() tells a feed that never came).
  out.family("aegis_ingest_last_new_row_timestamp_seconds", MetricType::gauge,
             "Unix time of the last commit that stored a new row (duplicates alone do not count).");
  if (stats.last_new_row_at) {
    out.sample(std::chrono::duration<double>(stats.last_new_row_at->time_since_epoch()).count());
  }
  gauge(out, "aegis_ingest_max_commit_latency_seconds",
        "The longest a group of readings has waited from intake to its commit since start.",
        std::chrono::duration<double>(stats.max_commit_latency).count());
}

void write_mqtt(PrometheusText& out, gateway::GatewayContext& context) {
  const std::string state = context.mqtt.state();
  out.family("aegis_mqtt_state", MetricType::gauge, "1 for the MQTT intake's current state, 0 for the others.");
  for (const std::string_view each : std::array<std::string_view, 4>{"connected", "connecting", "disconnected",
                                                                      "disabled"}) {
    out.sample({{"state", each}}, each == state ? 1 : 0);
  }
  gauge(out, "aegis_mqtt_session_present",
        "1 when the broker still had this client's session at the last connect (messages sent while the gateway "
        "was away were kept for it), else 0.",
        context.mqtt.session_present() ? 1 : 0);
  const auto mqtt = context.mqtt.counters();
  const auto decode = context.decode_stage.counters();
  counter(out, "aegis_mqtt_messages_received_total", "MQTT messages received, redeliveries included.",
          mqtt.messages_received);
  counter(out, "aegis_mqtt_reconnects_total", "Connections to the broker made again after the first.",
          mqtt.reconnects);
  counter(out, "aegis_mqtt_connect_failures_total", "Connection attempts that did not end connected and subscribed.",
          mqtt.connect_failures);
  counter(out, "aegis_mqtt_handoff_errors_total",
          "MQTT messages the client could not hand over to the decoding thread.", mqtt.handler_errors);
  counter(out, "aegis_mqtt_decode_errors_total",
          "MQTT messages whose decoding or storing failed unexpectedly (the log has the details).",
          decode.sink_errors);
}

void write_workers(PrometheusText& out, gateway::GatewayContext& context) {
  gauge(out, "aegis_telemetry_posts_running", "POST /telemetry requests being stored now.",
        static_cast<double>(context.telemetry_worker.running()));
  gauge(out, "aegis_telemetry_posts_waiting",
        "POST /telemetry requests waiting for a telemetry thread (beyond the limit, 503).",
        static_cast<double>(context.telemetry_worker.waiting()));
  gauge(out, "aegis_copilot_questions_running", "Copilot questions being answered now.",
        static_cast<double>(context.copilot.worker.running()));
  gauge(out, "aegis_copilot_questions_waiting",
        "Copilot questions waiting for a copilot worker (at copilot.queue_limit, further ones get 503).",
        static_cast<double>(context.copilot.worker.waiting()));
}

void write_models(PrometheusText& out, gateway::GatewayContext& context, bool database_up) {
  gauge(out, "aegis_models_cached", "Models loaded in memory.", static_cast<double>(context.registry.cached_count()));
  out.family("aegis_model_promoted_info", MetricType::gauge, "Always 1; the promoted version of each model.");
  if (!database_up) return;
  try {
    for (const auto& record : context.registry.promoted()) {
      out.sample({{"model_name", record.model_name}, {"version", record.version}}, 1);
    }
  } catch (const std::exception& e) {
    // The other figures still help the operator find out why.
    spdlog::warn("GET /metrics: promoted models unreadable: {}", e.what());
  }
}

http::ApiResponse metrics_text(gateway::GatewayContext& context) {
  const bool database_up = context.database.check() == "ok";
  PrometheusText out;
  write_process(out, context, database_up);
  write_storage(out, context);
  write_ingest(out, context);
  write_mqtt(out, context);
  write_workers(out, context);
  write_models(out, context, database_up);
  context.request_metrics.write(out);
  return http::ApiResponse::text(out.text(), std::string(PrometheusText::kContentType));
}

}  // namespace

void add_metrics_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::get, "/metrics", http::Scope::read,
             [&context](const http::ApiRequest&) { return metrics_text(context); });
}

}  // namespace aegis::routes
