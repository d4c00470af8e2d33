#pragma once
// Time as the gateway stores and speaks it: UTC instants with millisecond
// resolution. The store keeps them as integer epoch milliseconds so range
// queries are exact and use the primary-key index; the API speaks ISO 8601
// with an explicit offset.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aegis::time {

using Millis = std::chrono::sys_time<std::chrono::milliseconds>;

// Parses "2024-01-15T10:00:00", "...Z", "...+02:00", "...-0530", with an
// optional fraction of a second and a space instead of the 'T'. A time with
// no offset is UTC. Returns nullopt for anything else.
std::optional<Millis> parse_iso8601(std::string_view text);

// "2024-01-15T10:00:00+00:00", or "2024-01-15T10:00:00.250+00:00" when the
// instant has a fraction of a second.
std::string format_iso8601(Millis instant);

inline std::int64_t to_epoch_ms(Millis instant) { return instant.time_since_epoch().count(); }
inline Millis from_epoch_ms(std::int64_t ms) { return Millis{std::chrono::milliseconds{ms}}; }

Millis now();

}  // namespace aegis::time
