#pragma once
// The threads that prepare copilot answers, beside the HTTP ones: a
// language model may take many seconds, and an HTTP thread waiting on it
// would stall every other request. Jobs queue up to a limit; stopping
// requests every job's stop token (in-flight model calls are cancelled) and
// still runs what is queued, so each waiting client gets its answer.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace aegis::copilot {

class CopilotWorker {
 public:
  using Job = std::function<void(std::stop_token)>;

  CopilotWorker(int threads, std::size_t queue_limit);
  ~CopilotWorker();
  CopilotWorker(const CopilotWorker&) = delete;
  CopilotWorker& operator=(const CopilotWorker&) = delete;

  // False when the queue is full or the worker is stopping (the job is
  // dropped, the caller answers for it).
  bool submit(Job job);

  // Cancels, drains and joins. Idempotent.
  void stop();

 private:
  void run();

  std::size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::stop_source cancel_;
  std::vector<std::thread> threads_;
};

}  // namespace aegis::copilot
