#pragma once
// The threads that prepare copilot answers, beside the HTTP ones: a
// language model may take many seconds, and an HTTP thread waiting on it
// would stall every other request. Jobs queue up to a limit; stopping
// requests every job's stop token (in-flight model calls are cancelled) and
// still runs what is queued, so each waiting client gets its answer. A job
// whose client has hung up sees its stop token requested too, so that it
// ends at once and frees its worker for the next question.
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
  // dropped, the caller answers for it). Stop requested on `client_gone`
  // is passed on to the job's stop token, whether it runs or still waits.
  bool submit(Job job, std::stop_token client_gone = {});

  // Cancels, drains and joins. Idempotent.
  void stop();

 private:
  struct Queued {
    Job job;
    std::stop_token client_gone;
  };

  void run();
  void run_one(Queued& queued);

  std::size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::stop_source cancel_;
  std::vector<std::thread> threads_;
};

}  // namespace aegis::copilot
