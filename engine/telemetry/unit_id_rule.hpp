#pragma once
// What a product or unit id may be when it arrives with telemetry. Ids are
// path segments of the REST API (/units/{product_id}/{unit_id}) and levels
// of MQTT topics, and they are echoed in messages and logs: a '/' would make
// a unit that cannot be addressed, control characters (a NUL) cut messages
// short, and an id of 100 KB is no name.
#include <optional>
#include <string>
#include <string_view>

namespace aegis::telemetry {

inline constexpr std::size_t kMaxUnitIdBytes = 128;

// Why `id` cannot name a product or unit ("longer than 128 bytes",
// "contains '/'", "contains a control character"), or nullopt when it can.
// Empty ids are the caller's "missing" case.
std::optional<std::string> unit_id_problem(std::string_view id);

}  // namespace aegis::telemetry
