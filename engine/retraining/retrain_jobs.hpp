#pragma once
// Retraining runs off the request threads: one worker thread runs one job
// at a time; a second request while one is queued or running is refused
// (RetrainBusy) instead of stacking up heavy work on a small gateway. Jobs
// are kept in memory (the newest few) for GET /retrain/jobs/{id}. When a
// schedule is configured, the worker also retrains each named model
// incrementally once enough new readings have arrived.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/retraining/retrainer.hpp"

namespace aegis::retraining {

enum class JobStatus { queued, running, succeeded, failed };
std::string status_name(JobStatus status);

struct RetrainJob {
  std::string id;  // "RT_" + 12 upper-case hex digits
  RetrainRequest request;
  std::string trigger;  // "api" or "schedule"
  JobStatus status = JobStatus::queued;
  time::Millis submitted_at{};
  std::optional<time::Millis> started_at;
  std::optional<time::Millis> finished_at;
  std::optional<RetrainOutcome> outcome;  // when succeeded
  std::string error;                      // when failed
  bool rejected = false;                  // failed because of the request or the data (a 400), not the gateway
};

struct RetrainSchedule {
  std::chrono::seconds interval{0};  // 0: no scheduled retraining
  std::int64_t min_new_rows = 1000;  // a model is retrained once this many readings are new to it
  std::vector<RetrainRequest> models;
};

class RetrainJobs {
 public:
  RetrainJobs(Retrainer& retrainer, RetrainSchedule schedule);
  ~RetrainJobs();
  RetrainJobs(const RetrainJobs&) = delete;
  RetrainJobs& operator=(const RetrainJobs&) = delete;

  void start();
  // Waits for a running job to finish (training cannot be cut short safely).
  void stop();

  // Queues a run and returns its job id. Throws RetrainBusy when a run is
  // queued or running, RetrainRejected when no reading is new to the model.
  std::string submit(RetrainRequest request);
  // Blocks until the job has finished and returns it.
  RetrainJob wait(const std::string& id);
  std::optional<RetrainJob> find(const std::string& id) const;

 private:
  void work();
  void run_job(std::unique_lock<std::mutex>& lock, const std::string& id);
  void run_schedule(std::unique_lock<std::mutex>& lock);
  std::string enqueue(RetrainRequest request, std::string trigger);  // with the lock held
  RetrainJob* job(const std::string& id);
  bool busy() const;

  Retrainer& retrainer_;
  RetrainSchedule schedule_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      // the worker: a job was queued, or stop
  std::condition_variable finished_;  // waiters: a job finished
  std::deque<RetrainJob> jobs_;       // oldest first, bounded
  std::optional<std::string> queued_;
  bool running_ = false;
  bool stopping_ = false;
  std::mt19937_64 random_;
  std::thread worker_;
};

}  // namespace aegis::retraining
