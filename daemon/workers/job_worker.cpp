#include "daemon/workers/job_worker.hpp"

namespace aegis::workers {

JobWorker::JobWorker(int threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

JobWorker::~JobWorker() { stop(); }

bool JobWorker::submit(Job job, std::stop_token client_gone) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back({std::move(job), std::move(client_gone)});
  }
  wake_.notify_one();
  return true;
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
  }
}

void JobWorker::run_one(Queued& queued) {
  // The job stops for either reason: the worker stopping or its client gone
  // (at once, if that happened while it was queued).
  std::stop_source job_stop;
  const std::stop_callback on_stopping(cancel_.get_token(), [&job_stop] { job_stop.request_stop(); });
  const std::stop_callback on_hang_up(queued.client_gone, [&job_stop] { job_stop.request_stop(); });
  queued.job(job_stop.get_token());
}

}  // namespace aegis::workers
