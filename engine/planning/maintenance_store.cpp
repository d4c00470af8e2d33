#include "engine/planning/maintenance_store.hpp"

namespace aegis::planning {
namespace {

constexpr const char* kColumns =
    "id, schedule_id, product_id, unit_id, recommended_start, recommended_end, team, reason, risk_score, "
    "model_version, actions, constraints_applied, created_at, status, note, at_risk_because, failure_probability, "
    "rul_hours";

nlohmann::json parse_or(const std::string& text, nlohmann::json fallback) {
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

MaintenanceJob read_job(const store::Statement& row) {
  MaintenanceJob job;
  job.id = row.column_int(0);
  job.schedule_id = row.column_text(1);
  job.product_id = row.column_text(2);
  job.unit_id = row.column_text(3);
  job.recommended_start = time::from_epoch_ms(row.column_int(4));
  job.recommended_end = time::from_epoch_ms(row.column_int(5));
  if (const auto team = row.column_optional_int(6)) job.team = static_cast<int>(*team);
  job.reason = row.column_optional_text(7).value_or("");
  job.risk_score = row.column_optional_double(8).value_or(0.0);
  job.model_version = row.column_optional_text(9).value_or("");
  job.actions = parse_or(row.column_text(10), nlohmann::json::array());
  job.constraints_applied = parse_or(row.column_text(11), nlohmann::json::object());
  job.created_at = time::from_epoch_ms(row.column_int(12));
  job.status = parse_status(row.column_text(13)).value_or(JobStatus::pending);
  job.note = row.column_optional_text(14);
  job.at_risk_because = row.column_optional_text(15).value_or("");
  job.failure_probability = row.column_optional_double(16);
  job.rul_hours = row.column_optional_double(17);
  return job;
}

std::optional<MaintenanceJob> find(store::Connection& connection, std::int64_t id) {
  store::Statement query(connection, std::string("SELECT ") + kColumns + " FROM maintenance_schedule WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_job(query);
}

}  // namespace

nlohmann::json MaintenanceJob::to_json() const {
  return {{"id", id},
          {"schedule_id", schedule_id},
          {"product_id", product_id},
          {"unit_id", unit_id},
          {"team", team ? nlohmann::json(*team) : nlohmann::json()},
          {"recommended_start", time::format_iso8601(recommended_start)},
          {"recommended_end", time::format_iso8601(recommended_end)},
          {"reason", reason},
          {"at_risk_because", at_risk_because},
          {"failure_probability", failure_probability ? nlohmann::json(*failure_probability) : nlohmann::json()},
          {"rul_hours", rul_hours ? nlohmann::json(*rul_hours) : nlohmann::json()},
          {"risk_score", risk_score},
          {"model_version", model_version},
          {"actions", actions},
          {"constraints_applied", constraints_applied},
          {"created_at", time::format_iso8601(created_at)},
          {"status", status_name(status)},
          {"note", note ? nlohmann::json(*note) : nlohmann::json()}};
}

std::vector<MaintenanceJob> MaintenanceStore::list(const JobFilter& filter) const {
  auto connection = database_.reader();
  store::Statement query(*connection, std::string("SELECT ") + kColumns +
                                          " FROM maintenance_schedule WHERE (?1 IS NULL OR product_id = ?1) AND "
                                          "(?2 IS NULL OR unit_id = ?2) AND (?3 IS NULL OR status = ?3) AND "
                                          "(?4 IS NULL OR recommended_start >= ?4) AND "
                                          "(?5 IS NULL OR recommended_start < ?5) AND "
                                          "(?6 IS NULL OR recommended_end <= ?6) ORDER BY recommended_start, id");
  query.bind(1, filter.product_id).bind(2, filter.unit_id);
  query.bind(3, filter.status ? std::optional<std::string>(status_name(*filter.status)) : std::nullopt);
  query.bind(4, filter.start_from ? std::optional<std::int64_t>(time::to_epoch_ms(*filter.start_from)) : std::nullopt);
  query.bind(5, filter.start_before ? std::optional<std::int64_t>(time::to_epoch_ms(*filter.start_before)) : std::nullopt);
  query.bind(6, filter.end_until ? std::optional<std::int64_t>(time::to_epoch_ms(*filter.end_until)) : std::nullopt);
  std::vector<MaintenanceJob> jobs;
  while (query.step()) jobs.push_back(read_job(query));
  return jobs;
}

MaintenanceJob MaintenanceStore::change_status(std::int64_t id, JobStatus to, const std::optional<std::string>& note) {
  return database_.write([&](store::Connection& connection) {
    store::Transaction transaction(connection);
    auto job = find(connection, id);
    if (!job) throw JobNotFound("Maintenance job not found: " + std::to_string(id));
    if (!can_move(job->status, to)) {
      throw StatusConflict("Maintenance job " + std::to_string(id) + " cannot move from " + status_name(job->status) +
                           " to " + status_name(to));
    }
    store::Statement update(connection, "UPDATE maintenance_schedule SET status = ?, note = COALESCE(?, note) WHERE id = ?");
    update.bind(1, status_name(to)).bind(2, note).bind(3, id);
    update.run();
    transaction.commit();
    job->status = to;
    if (note) job->note = note;
    return *job;
  });
}

std::vector<MaintenanceJob> MaintenanceStore::open_jobs(store::Connection& connection) {
  store::Statement query(connection, std::string("SELECT ") + kColumns +
                                         " FROM maintenance_schedule WHERE status IN ('PENDING', 'IN_PROGRESS') "
                                         "ORDER BY recommended_start, id");
  std::vector<MaintenanceJob> jobs;
  while (query.step()) jobs.push_back(read_job(query));
  return jobs;
}

void MaintenanceStore::insert(store::Connection& connection, std::vector<MaintenanceJob>& jobs) {
  store::Statement insert(connection,
                          "INSERT INTO maintenance_schedule (schedule_id, product_id, unit_id, recommended_start, "
                          "recommended_end, team, reason, risk_score, model_version, actions, constraints_applied, "
                          "created_at, status, note, at_risk_because, failure_probability, rul_hours) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (auto& job : jobs) {
    insert.bind(1, job.schedule_id).bind(2, job.product_id).bind(3, job.unit_id);
    insert.bind(4, time::to_epoch_ms(job.recommended_start)).bind(5, time::to_epoch_ms(job.recommended_end));
    insert.bind(6, job.team ? std::optional<std::int64_t>(*job.team) : std::nullopt);
    insert.bind(7, job.reason).bind(8, job.risk_score).bind(9, job.model_version);
    insert.bind(10, job.actions.dump()).bind(11, job.constraints_applied.dump());
    insert.bind(12, time::to_epoch_ms(job.created_at)).bind(13, status_name(job.status)).bind(14, job.note);
    insert.bind(15, job.at_risk_because).bind(16, job.failure_probability).bind(17, job.rul_hours);
    insert.run();
    job.id = sqlite3_last_insert_rowid(connection.get());
  }
}

}  // namespace aegis::planning
