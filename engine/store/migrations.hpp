#pragma once
// The store's schema, versioned with PRAGMA user_version. Migrations only go
// forward; a database written by a newer aegisd is refused rather than
// guessed at.
#include <string_view>
#include <vector>

#include "engine/store/sqlite.hpp"

namespace aegis::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// Every migration, in version order.
const std::vector<Migration>& migrations();
int latest_schema_version();

// Brings the database to the latest version, one transaction per migration.
// Throws StoreError when the file's version is newer than this build knows.
void apply_migrations(Connection& connection);

int schema_version(const Connection& connection);

}  // namespace aegis::store
