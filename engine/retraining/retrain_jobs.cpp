#include "engine/retraining/retrain_jobs.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

namespace aegis::retraining {
namespace {

constexpr std::size_t kKeptJobs = 50;

}  // namespace

std::string status_name(JobStatus status) {
  switch (status) {
    case JobStatus::queued: return "queued";
    case JobStatus::running: return "running";
    case JobStatus::succeeded: return "succeeded";
    case JobStatus::failed: return "failed";
  }
  return "failed";
}

RetrainJobs::RetrainJobs(Retrainer& retrainer, RetrainSchedule schedule)
    : retrainer_(retrainer), schedule_(std::move(schedule)), random_(std::random_device{}()) {}

RetrainJobs::~RetrainJobs() { stop(); }

void RetrainJobs::start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { work(); });
}

void RetrainJobs::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  std::lock_guard lock(mutex_);
  for (auto& job : jobs_) {
    if (job.status == JobStatus::queued) {
      job.status = JobStatus::failed;
      job.error = "the gateway stopped before the job ran";
      job.finished_at = time::now();
    }
  }
  queued_.reset();
  finished_.notify_all();
}

bool RetrainJobs::busy() const { return running_ || queued_.has_value(); }

std::string RetrainJobs::submit(RetrainRequest request) {
  {
    std::lock_guard lock(mutex_);
    if (busy()) throw RetrainBusy("A retraining run is already in progress");
  }
  // Outside the lock: a count over the time index, so a request with nothing
  // new is answered at once instead of through a job.
  if (retrainer_.new_rows(request) == 0) throw RetrainRejected(kNoNewTelemetry);
  std::lock_guard lock(mutex_);
  if (busy()) throw RetrainBusy("A retraining run is already in progress");
  if (stopping_) throw RetrainBusy("The gateway is stopping");
  auto id = enqueue(std::move(request), "api");
  wake_.notify_all();
  return id;
}

std::string RetrainJobs::enqueue(RetrainRequest request, std::string trigger) {
  char id[16];
  std::snprintf(id, sizeof id, "RT_%012llX", static_cast<unsigned long long>(random_() & 0xFFFFFFFFFFFFull));
  RetrainJob job;
  job.id = id;
  job.request = std::move(request);
  job.trigger = std::move(trigger);
  job.submitted_at = time::now();
  jobs_.push_back(std::move(job));
  while (jobs_.size() > kKeptJobs && jobs_.front().status != JobStatus::queued &&
         jobs_.front().status != JobStatus::running) {
    jobs_.pop_front();
  }
  queued_ = id;
  return id;
}

RetrainJob* RetrainJobs::job(const std::string& id) {
  for (auto& job : jobs_) {
    if (job.id == id) return &job;
  }
  return nullptr;
}

std::optional<RetrainJob> RetrainJobs::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  for (const auto& job : jobs_) {
    if (job.id == id) return job;
  }
  return std::nullopt;
}

RetrainJob RetrainJobs::wait(const std::string& id) {
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] {
    const auto* found = job(id);
    return !found || found->status == JobStatus::succeeded || found->status == JobStatus::failed;
  });
  const auto* found = job(id);
  if (!found) throw std::out_of_range("retrain job " + id + " is no longer kept");
  return *found;
}

void RetrainJobs::work() {
  std::unique_lock lock(mutex_);
  auto next_check = std::chrono::steady_clock::now() + schedule_.interval;
  while (!stopping_) {
    if (queued_) {
      const std::string id = *queued_;
      queued_.reset();
      run_job(lock, id);
      continue;
    }
    if (schedule_.interval.count() <= 0) {
      wake_.wait(lock);
      continue;
    }
    if (wake_.wait_until(lock, next_check) == std::cv_status::timeout && !stopping_ && !queued_) {
      run_schedule(lock);
      next_check = std::chrono::steady_clock::now() + schedule_.interval;
    }
  }
}

void RetrainJobs::run_job(std::unique_lock<std::mutex>& lock, const std::string& id) {
  RetrainJob* current = job(id);
  if (!current) return;
  current->status = JobStatus::running;
  current->started_at = time::now();
  running_ = true;
  const RetrainRequest request = current->request;
  lock.unlock();
  std::optional<RetrainOutcome> outcome;
  std::string error;
  bool rejected = false;
  try {
    outcome = retrainer_.run(request);
  } catch (const RetrainRejected& e) {
    error = e.what();
    rejected = true;
  } catch (const std::exception& e) {
    error = e.what();
    spdlog::error("retrain {} failed: {}", request.model_name, error);
  }
  lock.lock();
  running_ = false;
  if (RetrainJob* done = job(id)) {  // still kept: only finished jobs are dropped
    done->status = outcome ? JobStatus::succeeded : JobStatus::failed;
    done->finished_at = time::now();
    done->outcome = std::move(outcome);
    done->error = error;
    done->rejected = rejected;
  }
  finished_.notify_all();
}

void RetrainJobs::run_schedule(std::unique_lock<std::mutex>& lock) {
  for (const auto& request : schedule_.models) {
    if (stopping_ || queued_) return;
    std::int64_t fresh = 0;
    lock.unlock();
    try {
      fresh = retrainer_.new_rows(request);
    } catch (const std::exception& e) {
      spdlog::warn("scheduled retrain of {}: {}", request.model_name, e.what());
    }
    lock.lock();
    if (fresh < schedule_.min_new_rows || stopping_ || busy()) continue;
    spdlog::info("scheduled retrain of {}: {} new readings", request.model_name, fresh);
    const std::string id = enqueue(request, "schedule");
    queued_.reset();
    run_job(lock, id);
  }
}

}  // namespace aegis::retraining
