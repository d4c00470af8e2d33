#pragma once
// The gateway's SQLite database: one writer connection behind a mutex (SQLite
// allows one writer at a time anyway, and waiting on a mutex is cheaper than
// spinning on SQLITE_BUSY) and a small pool of read-only connections, which
// WAL lets run alongside the writer without blocking it.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/store/sqlite.hpp"

namespace aegis::store {

struct DatabaseOptions {
  std::filesystem::path path;
  int busy_timeout_ms = 5000;
  int reader_connections = 4;
};

class Database {
 public:
  // Opens (creating the file and its folder when absent) and migrates.
  explicit Database(DatabaseOptions options);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `work` with the writer connection, one caller at a time. A writer
  // that SQLite could only open read-only (the file or its folder was not
  // writable) is opened again first, so writes resume by themselves once
  // the file is writable, without a restart.
  template <class Work>
  auto write(Work&& work) {
    std::lock_guard lock(writer_mutex_);
    if (writer_read_only_.load()) reopen_writer();
    try {
      return work(writer_);
    } catch (const StoreError& error) {
      // The file system went read-only under us: open again before the next write.
      if (error.code() == SQLITE_READONLY) writer_read_only_ = true;
      throw;
    }
  }

  // False while SQLite holds the database read-only (no write can succeed).
  bool writable() const { return !writer_read_only_.load(); }

  // A pooled read-only connection, handed back when the lease ends.
  class ReaderLease {
   public:
    ReaderLease(Database& owner, std::unique_ptr<Connection> connection)
        : owner_(&owner), connection_(std::move(connection)) {}
    ReaderLease(ReaderLease&&) noexcept = default;
    ReaderLease& operator=(ReaderLease&&) = delete;
    ~ReaderLease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    Database* owner_;
    std::unique_ptr<Connection> connection_;
  };
  ReaderLease reader();

  // "ok", or "error: <reason>" when the database cannot be read.
  std::string check();

  const std::filesystem::path& path() const { return options_.path; }

 private:
  void give_back(std::unique_ptr<Connection> connection);
  void reopen_writer();  // under writer_mutex_

  DatabaseOptions options_;
  std::mutex writer_mutex_;
  Connection writer_;
  std::atomic<bool> writer_read_only_{false};
  std::mutex pool_mutex_;
  std::condition_variable pool_ready_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int open_readers_ = 0;
};

}  // namespace aegis::store
