#include "engine/ingest/decode_stage.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "engine/common/thread_identity.hpp"

namespace aegis::ingest {
namespace {

DecodeStageOptions checked(DecodeStageOptions options) {
  if (options.max_messages == 0) throw std::invalid_argument("decode stage must hold at least 1 message");
  if (options.max_bytes == 0) throw std::invalid_argument("decode stage must hold at least 1 byte");
  return options;
}

DecodeStage::Sink checked(DecodeStage::Sink sink) {
  if (!sink) throw std::invalid_argument("decode stage needs a sink");
  return sink;
}

}  // namespace

DecodeStage::DecodeStage(Sink sink, DecodeStageOptions options)
    : sink_(checked(std::move(sink))), options_(checked(options)), worker_([this] { run(); }) {}

DecodeStage::~DecodeStage() { stop(); }

bool DecodeStage::full() const {
  // An empty stage takes any message, however large, so none waits forever.
  return held_messages_ > 0 && (held_messages_ >= options_.max_messages || held_bytes_ >= options_.max_bytes);
}

bool DecodeStage::push(std::uint64_t journal_seq, std::string_view topic, std::string_view payload) {
  Message message{journal_seq, std::string(topic), std::string(payload)};  // copied before the lock
  std::unique_lock lock(mutex_);
  space_free_.wait(lock, [&] { return !full() || stopping_; });
  if (stopping_) {
    ++counters_.refused;
    lock.unlock();
    spdlog::warn("ingest: a message on {} was refused because intake is stopping", message.topic);
    return false;
  }
  held_bytes_ += message.payload.size();
  ++held_messages_;
  const bool was_empty = queue_.empty();
  queue_.push_back(std::move(message));
  lock.unlock();
  // The thread only sleeps on an empty queue; waking it once per batch
  // instead of once per message saves a system call on the receive thread.
  // After the unlock, so that it does not wake into a lock still held.
  if (was_empty) work_ready_.notify_one();
  return true;
}

void DecodeStage::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  space_free_.notify_all();
  if (worker_.joinable()) worker_.join();
}

DecodeStageCounters DecodeStage::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void DecodeStage::run() {
  threads::name_this_thread("aegis-decode");
  // Gathering stops at half the bound, so that push() can fill the other
  // half while the batch is decoded.
  const std::size_t half = std::max<std::size_t>(1, options_.max_messages / 2);
  std::vector<Message> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (queue_.empty()) {
      work_ready_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything pushed was handed on
      // Woken from sleep: let a batch gather. push() wakes the thread only
      // when it finds the queue empty, so this wait costs it nothing.
      work_ready_.wait_for(lock, options_.gather, [&] { return queue_.size() >= half || full() || stopping_; });
    }
    // The whole queue at once, in constant time: the receive thread waits
    // for this lock, and on two busy cores a thread that holds a lock for
    // long is often preempted while it does, leaving the waiter asleep.
    batch.swap(queue_);
    const std::size_t take = batch.size();
    lock.unlock();

    std::size_t bytes = 0;
    std::uint64_t errors = 0;
    for (const Message& message : batch) {
      bytes += message.payload.size();
      try {
        sink_(message.journal_seq, message.topic, message.payload);
      } catch (const std::exception& error) {
        ++errors;
        spdlog::error("ingest: decoding a message on {} failed: {}", message.topic, error.what());
      }
    }

    batch.clear();  // freeing the messages' text, not under the lock

    lock.lock();
    held_messages_ -= take;
    held_bytes_ -= bytes;
    counters_.messages += take;
    counters_.sink_errors += errors;
    lock.unlock();
    space_free_.notify_all();
    lock.lock();
  }
}

}  // namespace aegis::ingest
