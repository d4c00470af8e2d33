#pragma once
// Bounded logs (dead letters, copilot messages) keep only their newest rows.
// Their ids grow with every insert, so the newest rows are the highest ids
// and the cut is one indexed lookup instead of a sort of the whole table.
#include <cstdint>
#include <string_view>

#include "engine/store/sqlite.hpp"

namespace aegis::store {

// Deletes all but the `keep` highest-id rows of `table`, which must have an
// INTEGER PRIMARY KEY named id. `table` is a name from the code, never input.
void keep_newest_rows(Connection& connection, std::string_view table, std::int64_t keep);

}  // namespace aegis::store
