#pragma once
// RAII owners of SQLite's C handles and the few helpers every store query
// needs. Errors carry SQLite's own message and the statement that failed.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace aegis::store {

class StoreError : public std::runtime_error {
 public:
  explicit StoreError(const std::string& message, int code = 0) : std::runtime_error(message), code_(code) {}
  // SQLite's primary result code (SQLITE_FULL, SQLITE_READONLY, ...); 0 when
  // the error is not SQLite's.
  int code() const { return code_; }

 private:
  int code_;
};

struct ConnectionOptions {
  bool read_only = false;
  int busy_timeout_ms = 5000;
};

class Connection {
 public:
  Connection(const std::filesystem::path& path, const ConnectionOptions& options);
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  sqlite3* get() const { return handle_.get(); }
  // Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  std::int64_t changes() const { return sqlite3_changes64(handle_.get()); }
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> handle_;
  std::filesystem::path path_;
};

class Statement {
 public:
  Statement(const Connection& connection, std::string_view sql);

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row; false when the statement is done.
  bool step();
  // Steps a statement expected to return no rows.
  void run();
  void reset();

  bool is_null(int column) const;
  std::int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  std::optional<double> column_optional_double(int column) const;
  std::optional<std::int64_t> column_optional_int(int column) const;
  std::optional<std::string> column_optional_text(int column) const;

 private:
  [[noreturn]] void fail(int code, std::string_view action) const;
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

}  // namespace aegis::store
