#include "engine/ingest/telemetry_intake.hpp"

#include <spdlog/spdlog.h>

namespace aegis::ingest {

TelemetryIntake::TelemetryIntake(IngestPipeline& pipeline, DeadLetterStore& dead_letters,
                                 const profiles::ProfileCatalog& catalog, DecodeLimits limits)
    : pipeline_(pipeline), dead_letters_(dead_letters), catalog_(catalog), limits_(std::move(limits)) {}

IntakeOutcome TelemetryIntake::take(DecodeResult decoded, IngestSource source, std::optional<std::string> topic,
                                    bool wait) {
  ++messages_;
  IntakeOutcome outcome;
  outcome.accepted = decoded.accepted.size();
  if (!decoded.rejected.empty()) {
    rejected_records_ += decoded.rejected.size();
    try {
      dead_letters_.add(dead_letters_of(decoded, source, topic, time::now()));
    } catch (const std::exception& e) {
      // The feed goes on: a full disk must not stop good readings either.
      spdlog::error("ingest: cannot store {} dead letters: {}", decoded.rejected.size(), e.what());
    }
  }
  if (!decoded.accepted.empty() && wait) {
    const auto submitted = pipeline_.submit_and_wait(std::move(decoded.accepted));
    outcome.stored = submitted.queued;
    outcome.lost = submitted.lost;
    outcome.duplicates = submitted.duplicates;
    if (outcome.lost > 0) outcome.store_problem = pipeline_.store_problem();
  } else if (!decoded.accepted.empty()) {
    outcome.stored = pipeline_.submit(std::move(decoded.accepted));
  }
  outcome.rejected = std::move(decoded.rejected);
  return outcome;
}

IntakeOutcome TelemetryIntake::from_mqtt(std::uint64_t journal_seq, std::string_view topic, std::string_view payload) {
  DecodeResult decoded;
  {
    std::lock_guard lock(fast_decoder_mutex_);
    decoded = decode_mqtt(topic, payload, catalog_, limits_, &fast_decoder_);
  }
  for (Accepted& accepted : decoded.accepted) accepted.journal_seq = journal_seq;
  return take(std::move(decoded), IngestSource::mqtt, std::string(topic), false);
}

IntakeOutcome TelemetryIntake::from_http(const nlohmann::json& records) {
  return take(decode_http(records, catalog_, limits_), IngestSource::http, std::nullopt, true);
}

}  // namespace aegis::ingest
