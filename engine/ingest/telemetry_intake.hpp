#pragma once
// The gateway's front door for telemetry, whatever carried it: decode, keep
// every refusal in the dead-letter table, queue the rest for the store. MQTT
// and POST /telemetry both come through here, so they accept and refuse
// exactly the same records.
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

#include "engine/ingest/dead_letters.hpp"
#include "engine/ingest/fast_payload_decoder.hpp"
#include "engine/ingest/ingest_pipeline.hpp"
#include "engine/ingest/payload_decoder.hpp"

namespace aegis::ingest {

struct IntakeOutcome {
  std::size_t accepted = 0;
  std::vector<Rejected> rejected;
  bool stored = true;  // false when the pipeline was stopping and the accepted readings were not queued
  std::size_t lost = 0;  // HTTP only: accepted readings dropped because every commit attempt failed
  std::size_t duplicates = 0;  // HTTP only: accepted readings already stored for that unit and timestamp
  // HTTP only: why the store could not take them, when lost > 0.
  std::optional<StoreProblem> store_problem;
};

struct IntakeCounters {
  std::uint64_t messages = 0;          // MQTT payloads and HTTP requests seen
  std::uint64_t rejected_records = 0;  // refusals written to the dead-letter table
};

class TelemetryIntake {
 public:
  TelemetryIntake(IngestPipeline& pipeline, DeadLetterStore& dead_letters, const profiles::ProfileCatalog& catalog,
                  DecodeLimits limits);

  // Called on the decode stage's thread (see decode_stage.hpp); blocks while
  // the ingest queue is full, which fills the stage and so makes the MQTT
  // client stop reading and the broker buffer.
  // `journal_seq` names the message's intake journal record (0: none); its
  // readings carry it to the store, which reports them settled by it.
  IntakeOutcome from_mqtt(std::uint64_t journal_seq, std::string_view topic, std::string_view payload);

  // POST /telemetry: returns once each accepted record is committed or, after
  // every commit attempt failed, dropped: `lost` counts those, so the
  // request is answered with an error and nothing it acknowledges is lost.
  IntakeOutcome from_http(const nlohmann::json& records);

  IntakeCounters counters() const { return {messages_.load(), rejected_records_.load()}; }

 private:
  IntakeOutcome take(DecodeResult decoded, IngestSource source, std::optional<std::string> topic, bool wait);

  IngestPipeline& pipeline_;
  DeadLetterStore& dead_letters_;
  const profiles::ProfileCatalog& catalog_;
  DecodeLimits limits_;
  std::mutex fast_decoder_mutex_;  // one decode at a time may use its buffers
  FastPayloadDecoder fast_decoder_;
  std::atomic<std::uint64_t> messages_{0};
  std::atomic<std::uint64_t> rejected_records_{0};
};

}  // namespace aegis::ingest
