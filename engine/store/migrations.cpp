#include "engine/store/migrations.hpp"

#include <spdlog/spdlog.h>

#include <string>

namespace aegis::store {
namespace {

// Version 1: the seed backend's tables with their column names, so SQL
// written for the seed keeps working, except that every timestamp is an
// INTEGER of epoch milliseconds (UTC): range queries are exact and walk the
// primary-key index instead of comparing strings of mixed formats.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE telemetry (
  product_id            TEXT    NOT NULL,
  unit_id               TEXT    NOT NULL,
  timestamp             INTEGER NOT NULL,
  step_index            INTEGER,
  engine_type           TEXT,
  air_temperature_K     REAL,
  process_temperature_K REAL,
  rotational_speed_rpm  REAL,
  torque_Nm             REAL,
  tool_wear_min         REAL,
  is_failure            INTEGER,
  failure_type          TEXT,
  synthetic_RUL         REAL,
  PRIMARY KEY (product_id, unit_id, timestamp)
) WITHOUT ROWID;

CREATE TABLE telemetry_turbofan (
  product_id TEXT    NOT NULL,
  unit_id    TEXT    NOT NULL,
  timestamp  INTEGER NOT NULL,
  cycle      INTEGER,
  setting1 REAL, setting2 REAL, setting3 REAL,
  s1 REAL, s2 REAL, s3 REAL, s4 REAL, s5 REAL, s6 REAL, s7 REAL, s8 REAL, s9 REAL, s10 REAL, s11 REAL,
  s12 REAL, s13 REAL, s14 REAL, s15 REAL, s16 REAL, s17 REAL, s18 REAL, s19 REAL, s20 REAL, s21 REAL,
  rul REAL,
  PRIMARY KEY (product_id, unit_id, timestamp)
) WITHOUT ROWID;

CREATE TABLE model_artifact (
  id          INTEGER PRIMARY KEY,
  model_name  TEXT    NOT NULL,
  version     TEXT    NOT NULL,
  path        TEXT    NOT NULL,
  task        TEXT    NOT NULL,
  profile     TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  metadata    TEXT    NOT NULL DEFAULT '{}',
  metrics     TEXT    NOT NULL DEFAULT '{}',
  created_at  INTEGER NOT NULL,
  is_promoted INTEGER NOT NULL DEFAULT 0,
  promoted_at INTEGER,
  UNIQUE (model_name, version)
);
CREATE UNIQUE INDEX model_artifact_one_promoted ON model_artifact (model_name) WHERE is_promoted = 1;

CREATE TABLE retrain_pointer (
  model_name     TEXT PRIMARY KEY,
  last_timestamp INTEGER,
  updated_at     INTEGER NOT NULL
);

CREATE TABLE maintenance_schedule (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  schedule_id         TEXT    NOT NULL,
  product_id          TEXT    NOT NULL,
  unit_id             TEXT    NOT NULL,
  recommended_start   INTEGER NOT NULL,
  recommended_end     INTEGER NOT NULL,
  team                INTEGER,
  reason              TEXT,
  risk_score          REAL,
  model_version       TEXT,
  actions             TEXT    NOT NULL DEFAULT '[]',
  constraints_applied TEXT    NOT NULL DEFAULT '{}',
  created_at          INTEGER NOT NULL,
  status              TEXT    NOT NULL DEFAULT 'PENDING'
                      CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')),
  note                TEXT
);
CREATE INDEX maintenance_schedule_by_start ON maintenance_schedule (recommended_start);
CREATE INDEX maintenance_schedule_by_unit ON maintenance_schedule (product_id, unit_id, status);
)sql";

// Version 2: refused telemetry (SPEC section 5), bounded by the ingest code
// that writes it; received_at is epoch milliseconds like every timestamp.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE dead_letter (
  id           INTEGER PRIMARY KEY,
  received_at  INTEGER NOT NULL,
  source       TEXT    NOT NULL CHECK (source IN ('mqtt', 'http')),
  topic        TEXT,
  reason       TEXT    NOT NULL,
  payload_head TEXT
);
CREATE INDEX dead_letter_by_received_at ON dead_letter (received_at);
)sql";

// Version 3: retention removes the oldest telemetry across all units first;
// the primary key orders rows by unit, so only an index on the time finds
// them without scanning the whole table.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE INDEX IF NOT EXISTS telemetry_by_time ON telemetry (timestamp);
CREATE INDEX IF NOT EXISTS telemetry_turbofan_by_time ON telemetry_turbofan (timestamp);
)sql";

// Version 4: alerts raised and cleared by streaming scoring.
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE alert (
  id            INTEGER PRIMARY KEY,
  product_id    TEXT    NOT NULL,
  unit_id       TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('failure_risk', 'low_rul')),
  transition    TEXT    NOT NULL CHECK (transition IN ('raised', 'cleared')),
  value         REAL    NOT NULL,
  threshold     REAL    NOT NULL,
  model_name    TEXT    NOT NULL,
  model_version TEXT    NOT NULL,
  reading_at    INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX alert_by_unit ON alert (product_id, unit_id, id);
)sql";

// Version 5: the copilot's conversations, one row per message, so a session
// survives a restart and an operator can clear it.
constexpr std::string_view kSchemaV5 = R"sql(
CREATE TABLE copilot_message (
  id         INTEGER PRIMARY KEY,
  session_id TEXT    NOT NULL,
  role       TEXT    NOT NULL CHECK (role IN ('user', 'assistant')),
  content    TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX copilot_message_by_session ON copilot_message (session_id, id);
)sql";

// Version 6: a job's `reason` is the seed's text again ("Failure
// probability: 99.11%, RUL: 44.4h", which the seed's cloud back-end parses);
// the planner's own wording and the numbers behind it get columns of their
// own. Rows planned before keep their text in `reason` (the numbers it lacks
// cannot be recovered) and get a copy in at_risk_because.
constexpr std::string_view kSchemaV6 = R"sql(
ALTER TABLE maintenance_schedule ADD COLUMN at_risk_because TEXT;
ALTER TABLE maintenance_schedule ADD COLUMN failure_probability REAL;
ALTER TABLE maintenance_schedule ADD COLUMN rul_hours REAL;
UPDATE maintenance_schedule SET at_risk_because = reason
  WHERE reason IS NOT NULL AND reason NOT GLOB 'Failure probability: *';
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all{
      {1, "seed tables: telemetry, telemetry_turbofan, model_artifact, retrain_pointer, maintenance_schedule",
       kSchemaV1},
      {2, "dead_letter: refused telemetry with its reason", kSchemaV2},
      {3, "telemetry_by_time, telemetry_turbofan_by_time: oldest-first retention", kSchemaV3},
      {4, "alert: raised and cleared alerts of streaming scoring", kSchemaV4},
      {5, "copilot_message: the copilot's conversations by session", kSchemaV5},
      {6, "maintenance_schedule: at_risk_because, failure_probability, rul_hours beside the seed's reason", kSchemaV6},
  };
  return all;
}

int latest_schema_version() { return migrations().back().version; }

int schema_version(const Connection& connection) {
  Statement query(connection, "PRAGMA user_version");
  query.step();
  return static_cast<int>(query.column_int(0));
}

void apply_migrations(Connection& connection) {
  const int current = schema_version(connection);
  const int latest = latest_schema_version();
  if (current > latest) {
    throw StoreError("database " + connection.path().string() + " has schema version " + std::to_string(current) +
                     ", newer than version " + std::to_string(latest) +
                     " that this aegisd understands; run a newer aegisd or set storage.database to another file");
  }
  for (const Migration& migration : migrations()) {
    if (migration.version <= current) continue;
    Transaction transaction(connection);
    connection.exec(migration.sql);
    connection.exec("PRAGMA user_version = " + std::to_string(migration.version));
    transaction.commit();
    spdlog::info("database {}: migrated to schema version {} ({})", connection.path().string(), migration.version,
                 migration.description);
  }
}

}  // namespace aegis::store
