#include "engine/store/database.hpp"

#include <spdlog/spdlog.h>

#include <system_error>

#include "engine/store/migrations.hpp"

namespace aegis::store {
namespace {

Connection open_writer(const DatabaseOptions& options) {
  if (options.path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(options.path.parent_path(), ec);
    if (ec) {
      throw StoreError("cannot create folder " + options.path.parent_path().string() + " for the database: " +
                       ec.message());
    }
  }
  Connection connection(options.path, ConnectionOptions{.read_only = false, .busy_timeout_ms = options.busy_timeout_ms});
  Statement journal(connection, "PRAGMA journal_mode=WAL");
  if (!journal.step() || journal.column_text(0) != "wal") {
    throw StoreError("database " + options.path.string() + " cannot use write-ahead logging (journal mode '" +
                     journal.column_text(0) + "')");
  }
  // NORMAL is durable against crashes of the process in WAL mode; only a
  // power cut can lose the last commits, never corrupt the file.
  connection.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  // A group of readings from many units dirties about one page per unit.
  // The writer's cache keeps those pages between groups instead of reading
  // them back from the file (SQLite's default is 2 MiB), and checkpoints
  // every 32 MiB of log instead of every 4 MiB copy a page rewritten by
  // several groups into the database once, not once per group: fewer bytes
  // written per reading, which is what a gateway's flash and CPU pay for.
  // After a checkpoint the log file is cut back to that size.
  connection.exec("PRAGMA cache_size=-8192; PRAGMA wal_autocheckpoint=8192; PRAGMA journal_size_limit=33554432;");
  return connection;
}

bool opened_read_only(const Connection& connection) { return sqlite3_db_readonly(connection.get(), "main") == 1; }

}  // namespace

Database::Database(DatabaseOptions options) : options_(std::move(options)), writer_(open_writer(options_)) {
  writer_read_only_ = opened_read_only(writer_);
  if (writer_read_only_) {
    spdlog::error("database {}: opened read-only (the file or its folder is not writable): nothing can be stored "
                  "until it is",
                  options_.path.string());
  }
  apply_migrations(writer_);
}

void Database::reopen_writer() {
  try {
    Connection reopened = open_writer(options_);
    if (opened_read_only(reopened)) return;
    writer_ = std::move(reopened);
    writer_read_only_ = false;
    spdlog::info("database {}: writable again", options_.path.string());
  } catch (const std::exception& error) {
    spdlog::debug("database {}: still not writable: {}", options_.path.string(), error.what());
  }
}

Database::ReaderLease::~ReaderLease() {
  if (connection_) owner_->give_back(std::move(connection_));
}

Database::ReaderLease Database::reader() {
  std::unique_lock lock(pool_mutex_);
  pool_ready_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < options_.reader_connections; });
  if (!idle_readers_.empty()) {
    auto connection = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return ReaderLease(*this, std::move(connection));
  }
  ++open_readers_;
  lock.unlock();
  try {
    auto connection = std::make_unique<Connection>(
        options_.path, ConnectionOptions{.read_only = true, .busy_timeout_ms = options_.busy_timeout_ms});
    connection->exec("PRAGMA foreign_keys=ON");
    return ReaderLease(*this, std::move(connection));
  } catch (...) {
    std::lock_guard relock(pool_mutex_);
    --open_readers_;
    pool_ready_.notify_one();
    throw;
  }
}

void Database::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(pool_mutex_);
    idle_readers_.push_back(std::move(connection));
  }
  pool_ready_.notify_one();
}

std::string Database::check() {
  try {
    std::error_code ec;
    if (!std::filesystem::exists(options_.path, ec)) return "error: database file " + options_.path.string() + " is missing";
    auto connection = reader();
    Statement query(*connection, "SELECT count(*) FROM sqlite_schema");
    query.step();
    return "ok";
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace aegis::store
