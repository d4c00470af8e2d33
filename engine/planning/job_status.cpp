#include "engine/planning/job_status.hpp"

namespace aegis::planning {

std::string status_name(JobStatus status) {
  switch (status) {
    case JobStatus::pending: return "PENDING";
    case JobStatus::in_progress: return "IN_PROGRESS";
    case JobStatus::completed: return "COMPLETED";
    case JobStatus::cancelled: return "CANCELLED";
  }
  return "PENDING";
}

std::optional<JobStatus> parse_status(std::string_view name) {
  for (const auto status : {JobStatus::pending, JobStatus::in_progress, JobStatus::completed, JobStatus::cancelled}) {
    if (name == status_name(status)) return status;
  }
  return std::nullopt;
}

bool is_open(JobStatus status) { return status == JobStatus::pending || status == JobStatus::in_progress; }

bool can_move(JobStatus from, JobStatus to) {
  switch (from) {
    case JobStatus::pending: return to == JobStatus::in_progress || to == JobStatus::cancelled;
    case JobStatus::in_progress: return to == JobStatus::completed || to == JobStatus::cancelled;
    case JobStatus::completed:
    case JobStatus::cancelled: return false;
  }
  return false;
}

}  // namespace aegis::planning
