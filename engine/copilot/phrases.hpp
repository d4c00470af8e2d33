#pragma once
// Everything the offline copilot says, in each language it answers in.
// Templates take named fields ({unit}, {percent}, ...) filled by fmt; the
// numbers always come from tool results.
#include <string>

#include "engine/copilot/intent.hpp"

namespace aegis::copilot {

struct Phrases {
  const char* capabilities;
  const char* what_would_you_like;
  const char* unit_name;  // {unit} {product}

  // Failure risk: {unit} {percent}, then {type}.
  const char* failure_probability;
  const char* failure_predicted;
  const char* no_failure_predicted;
  const char* confident;
  const char* fairly_confident;
  const char* borderline;
  // Remaining life: {unit} {hours}.
  const char* remaining_life;
  const char* remaining_life_critical;
  const char* remaining_life_end;
  // A unit's status: {unit} {percent} {type} {hours}.
  const char* status_heading;
  const char* status_failure;
  const char* status_failure_predicted;
  const char* status_no_failure;
  const char* status_rul;
  const char* status_rul_critical;
  const char* status_part_failed;  // {what} {error}
  const char* manual_inspection;

  // A tool that failed for a unit: {what} {unit} {error}.
  const char* tool_failed;
  const char* what_failure_prediction;
  const char* what_rul_estimate;
  const char* what_schedule;
  const char* what_history;

  // Planning: {id}; {unit} {product} {start} {end} {score}; {reason}.
  const char* nothing_at_risk;
  const char* nothing_scheduled;
  const char* scheduled;
  const char* scheduled_job;
  const char* scheduled_stored;
  const char* not_scheduled;
  const char* no_units_to_schedule;
  const char* schedule_failed;  // {error}

  // The fleet: {total} {risky} {safe} {unscored}; {unit} {product}; {percent}; {hours}.
  const char* fleet;
  const char* fleet_at_risk;
  const char* fleet_probability;
  const char* fleet_rul;
  const char* fleet_failed;  // {error}

  // Jobs: {count}; {unit} {product} {status} {start} {end}; {reason} {note}; {total}.
  const char* no_open_jobs;
  const char* open_jobs;
  const char* open_job;
  const char* jobs_failed;  // {error}
  const char* no_jobs_due;  // {days}
  const char* jobs_due;     // {days} {count}
  const char* at_risk_unplanned;
  const char* at_risk_unplanned_unit;
  const char* no_history;  // {unit}
  const char* history;     // {unit} {count} {total}
  const char* history_job;
  const char* history_note;

  // Asking for ids: {unit}; {list}.
  const char* which_unit;
  const char* which_product_of_several;
  const char* which_product;

  // The advice of scoring::failure_advice and rul_advice in words.
  std::string (*failure_recommendation)(double failure_probability, const std::string& failure_type);
  std::string (*rul_recommendation)(double rul_hours);
};

const Phrases& phrases(Language language);

}  // namespace aegis::copilot
