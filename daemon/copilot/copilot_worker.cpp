#include "daemon/copilot/copilot_worker.hpp"

namespace aegis::copilot {

CopilotWorker::CopilotWorker(int threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

CopilotWorker::~CopilotWorker() { stop(); }

bool CopilotWorker::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void CopilotWorker::stop() {
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

void CopilotWorker::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job(cancel_.get_token());
  }
}

}  // namespace aegis::copilot
