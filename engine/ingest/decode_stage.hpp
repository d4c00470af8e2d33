#pragma once
// A short hand-off between the MQTT client and the decoder: push() copies the
// raw topic and payload into a bounded queue and returns, and a thread of
// the stage's own decodes them and queues the readings for the store.
//
// Why: Paho acknowledges a QoS 1 message only after its callback returns,
// and calls every callback of the process on one receive thread under its
// global lock. Decoding JSON there made that thread, and so the broker's
// window of unacknowledged messages, wait for the parser; now it only waits
// for a copy. A message is in this queue before it is acknowledged, so the
// at-least-once contract is unchanged: a crash loses what was acknowledged
// but not committed, now bounded by this queue plus the ingest queue.
//
// A full stage blocks push() (back-pressure: the MQTT client stops reading,
// the broker buffers), as a full ingest queue blocks the decoder.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace aegis::ingest {

struct DecodeStageOptions {
  std::size_t max_messages = 1000;              // messages held at most, the batch being decoded included
  std::size_t max_bytes = 8 * 1024 * 1024;      // payload bytes held at most (one larger message still passes alone)
  // Once woken by a message, the thread waits this long for more before it
  // decodes: waking it costs the pushing thread a system call, and at tens
  // of thousands of messages a second once per message is a large share of
  // its time. The price is this much latency per message.
  std::chrono::microseconds gather{4000};
};

struct DecodeStageCounters {
  std::uint64_t messages = 0;      // handed to the sink
  std::uint64_t sink_errors = 0;   // the sink threw; the message counts as handled
  std::uint64_t refused = 0;       // pushed after stop(): not taken
};

class DecodeStage {
 public:
  // Called on the stage's thread, one message at a time, in push() order,
  // with the message's intake journal seq (0 when it was not journaled).
  using Sink = std::function<void(std::uint64_t journal_seq, std::string_view topic, std::string_view payload)>;

  // Throws std::invalid_argument for a zero bound or an empty sink.
  explicit DecodeStage(Sink sink, DecodeStageOptions options = {});
  ~DecodeStage();  // stop()
  DecodeStage(const DecodeStage&) = delete;
  DecodeStage& operator=(const DecodeStage&) = delete;

  // Queues a copy, blocking while the stage is full. Returns false, taking
  // nothing, once stop() was called.
  bool push(std::uint64_t journal_seq, std::string_view topic, std::string_view payload);

  // Refuses further messages, hands everything queued to the sink, joins.
  void stop();

  DecodeStageCounters counters() const;

 private:
  struct Message {
    std::uint64_t journal_seq;
    std::string topic;
    std::string payload;
  };

  void run();
  bool full() const;

  const Sink sink_;
  const DecodeStageOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable space_free_;
  std::vector<Message> queue_;  // swapped out whole by the stage's thread
  std::size_t held_messages_ = 0;  // queued plus the batch being decoded
  std::size_t held_bytes_ = 0;
  bool stopping_ = false;
  DecodeStageCounters counters_;

  std::mutex stop_mutex_;
  std::thread worker_;  // last: starts once everything above exists
};

}  // namespace aegis::ingest
