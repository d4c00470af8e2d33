#pragma once
// Threads beside the HTTP ones for the answers a deferred route must wait
// for (a language model that may take many seconds, a telemetry post
// waiting for its commit): an HTTP thread waiting on them would stall every
// other request. Jobs queue up to a limit; stopping requests every job's
// stop token (a model call is cancelled) and still runs what is queued, so
// each waiting client gets its answer. A job whose client has hung up sees
// its stop token requested too, so that it may end at once and free its
// thread for the next one. A job must not throw.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace aegis::workers {

class JobWorker {
 public:
  using Job = std::function<void(std::stop_token)>;

  // `weight_limit` (0: none) bounds the summed weight of the jobs queued
  // and running, for jobs that hold memory while they wait (a request
  // body); one job alone is always taken, whatever its weight.
  JobWorker(int threads, std::size_t queue_limit, std::size_t weight_limit = 0);
  ~JobWorker();
  JobWorker(const JobWorker&) = delete;
  JobWorker& operator=(const JobWorker&) = delete;

  enum class Refusal { none, full, stopping };
  // Refusal::none when taken; otherwise the job is dropped and the caller
  // answers for it. Stop requested on `client_gone` is passed on to the
  // job's stop token, whether it runs or still waits.
  Refusal submit(Job job, std::stop_token client_gone = {}, std::size_t weight = 0);

  // Cancels, drains and joins. Idempotent.
  void stop();

  // Jobs queued and not yet started, and jobs running now.
  std::size_t waiting() const;
  std::size_t running() const;

 private:
  struct Queued {
    Job job;
    std::stop_token client_gone;
    std::size_t weight = 0;
  };

  void run();
  void run_one(Queued& queued);

  std::size_t queue_limit_;
  std::size_t weight_limit_;
  mutable std::mutex mutex_;
  std::size_t running_ = 0;
  std::size_t weight_ = 0;  // of the jobs queued and running
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  std::stop_source cancel_;
  std::vector<std::thread> threads_;
};

}  // namespace aegis::workers
