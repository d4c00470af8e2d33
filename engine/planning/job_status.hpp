#pragma once
// The life of a maintenance job: PENDING -> IN_PROGRESS -> COMPLETED, or
// CANCELLED from either open state. Nothing else moves.
#include <optional>
#include <string>
#include <string_view>

namespace aegis::planning {

enum class JobStatus { pending, in_progress, completed, cancelled };

std::string status_name(JobStatus status);
std::optional<JobStatus> parse_status(std::string_view name);
bool is_open(JobStatus status);
bool can_move(JobStatus from, JobStatus to);

inline constexpr const char* kStatusNames = "PENDING, IN_PROGRESS, COMPLETED, CANCELLED";

}  // namespace aegis::planning
