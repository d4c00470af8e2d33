#include "engine/store/row_cap.hpp"

#include <string>

namespace aegis::store {

void keep_newest_rows(Connection& connection, std::string_view table, std::int64_t keep) {
  const std::string name(table);
  Statement trim(connection, "DELETE FROM " + name + " WHERE id <= (SELECT id FROM " + name +
                                 " ORDER BY id DESC LIMIT 1 OFFSET ?)");
  trim.bind(1, keep);
  trim.run();
}

}  // namespace aegis::store
