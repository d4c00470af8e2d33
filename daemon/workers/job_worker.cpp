#include "daemon/workers/job_worker.hpp"

#include <spdlog/spdlog.h>

namespace aegis::workers {

JobWorker::JobWorker(int threads, std::size_t queue_limit, std::size_t weight_limit)
    : queue_limit_(queue_limit), weight_limit_(weight_limit) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

JobWorker::~JobWorker() { stop(); }

JobWorker::Refusal JobWorker::submit(Job job, std::stop_token client_gone, std::size_t weight) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Refusal::stopping;
    const bool too_heavy = weight_limit_ > 0 && weight_ > 0 && weight_ + weight > weight_limit_;
    if (queue_.size() >= queue_limit_ || too_heavy) return Refusal::full;
    queue_.push_back({std::move(job), std::move(client_gone), weight});
    weight_ += weight;
  }
  wake_.notify_one();
  return Refusal::none;
}

std::size_t JobWorker::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t JobWorker::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void JobWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cancel_.request_stop();
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

void JobWorker::run() {
  for (;;) {
    Queued queued;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      queued = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    run_one(queued);
    std::lock_guard lock(mutex_);
    --running_;
    weight_ -= queued.weight;
  }
}

void JobWorker::run_one(Queued& queued) {
  // The job stops for either reason: the worker stopping or its client gone
  // (at once, if that happened while it was queued).
  std::stop_source job_stop;
  const std::stop_callback on_stopping(cancel_.get_token(), [&job_stop] { job_stop.request_stop(); });
  const std::stop_callback on_hang_up(queued.client_gone, [&job_stop] { job_stop.request_stop(); });
  try {
    queued.job(job_stop.get_token());
  } catch (const std::exception& e) {
    // Jobs answer their own errors; this keeps a slip from ending the
    // process with readings still in memory.
    spdlog::error("worker: a job failed: {}", e.what());
  }
}

}  // namespace aegis::workers
