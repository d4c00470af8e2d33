#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <stop_token>

#include "daemon/workers/job_worker.hpp"

using aegis::workers::JobWorker;
using namespace std::chrono_literals;

namespace {

// A job that runs until its stop token is requested, and reports that it
// started and that it saw the stop.
struct HeldJob {
  std::promise<void> started;
  std::promise<void> stopped;

  JobWorker::Job job() {
    return [this](std::stop_token stop) {
      started.set_value();
      std::promise<void> requested;
      auto seen = requested.get_future();
      std::stop_callback on_stop(stop, [&requested] { requested.set_value(); });
      seen.wait();
      stopped.set_value();
    };
  }
};

bool taken(JobWorker::Refusal refusal) { return refusal == JobWorker::Refusal::none; }

bool within(std::future<void>& future, std::chrono::milliseconds wait) {
  return future.wait_for(wait) == std::future_status::ready;
}

}  // namespace

TEST_CASE("job worker: a running job whose client hangs up is stopped, and the worker takes the next one",
          "[worker]") {
  // Declared before the worker: they outlive it, and its destructor joins the jobs.
  HeldJob held;
  std::promise<bool> next_ran;
  JobWorker worker(1, 4);
  auto started = held.started.get_future();
  auto stopped = held.stopped.get_future();
  std::stop_source client;
  REQUIRE(taken(worker.submit(held.job(), client.get_token())));
  REQUIRE(within(started, 5000ms));

  auto next = next_ran.get_future();
  REQUIRE(taken(worker.submit([&next_ran](std::stop_token stop) { next_ran.set_value(stop.stop_requested()); })));
  CHECK(next.wait_for(200ms) == std::future_status::timeout);  // the one thread is held

  client.request_stop();
  CHECK(within(stopped, 5000ms));
  REQUIRE(next.wait_for(5000ms) == std::future_status::ready);
  CHECK_FALSE(next.get());  // another client's job is not stopped
}

TEST_CASE("job worker: a job whose client hung up while it was queued starts stopped", "[worker]") {
  HeldJob held;
  std::promise<bool> queued_ran;
  JobWorker worker(1, 4);
  auto started = held.started.get_future();
  std::stop_source first_client;
  REQUIRE(taken(worker.submit(held.job(), first_client.get_token())));
  REQUIRE(within(started, 5000ms));

  auto queued = queued_ran.get_future();
  std::stop_source second_client;
  REQUIRE(taken(worker.submit([&queued_ran](std::stop_token stop) { queued_ran.set_value(stop.stop_requested()); },
                        second_client.get_token())));
  second_client.request_stop();
  first_client.request_stop();
  REQUIRE(queued.wait_for(5000ms) == std::future_status::ready);
  CHECK(queued.get());
}

TEST_CASE("job worker: stop cancels the running job and still runs the queued ones, stopped", "[worker]") {
  HeldJob held;
  std::promise<bool> queued_ran;
  JobWorker worker(1, 4);
  auto started = held.started.get_future();
  auto stopped = held.stopped.get_future();
  REQUIRE(taken(worker.submit(held.job())));
  REQUIRE(within(started, 5000ms));
  auto queued = queued_ran.get_future();
  REQUIRE(taken(worker.submit([&queued_ran](std::stop_token stop) { queued_ran.set_value(stop.stop_requested()); })));

  worker.stop();
  CHECK(within(stopped, 0ms));
  REQUIRE(queued.wait_for(0ms) == std::future_status::ready);
  CHECK(queued.get());
  CHECK(worker.submit([](std::stop_token) {}) == JobWorker::Refusal::stopping);
}

TEST_CASE("job worker: submissions beyond the queue limit are refused", "[worker]") {
  HeldJob held;
  JobWorker worker(1, 1);
  auto started = held.started.get_future();
  std::stop_source client;
  REQUIRE(taken(worker.submit(held.job(), client.get_token())));
  REQUIRE(within(started, 5000ms));
  CHECK(taken(worker.submit([](std::stop_token) {})));
  CHECK(worker.submit([](std::stop_token) {}) == JobWorker::Refusal::full);
  CHECK(worker.running() == 1);
  CHECK(worker.waiting() == 1);
  client.request_stop();
  worker.stop();
  CHECK(worker.running() == 0);
  CHECK(worker.waiting() == 0);
}

TEST_CASE("job worker: the weight of the jobs queued and running is bounded, one job alone always taken", "[worker]") {
  HeldJob held;
  JobWorker worker(1, 10, 100);
  auto started = held.started.get_future();
  std::stop_source client;
  REQUIRE(taken(worker.submit(held.job(), client.get_token(), 250)));  // alone: taken though over the limit
  REQUIRE(within(started, 5000ms));
  CHECK(worker.submit([](std::stop_token) {}, {}, 1) == JobWorker::Refusal::full);
  client.request_stop();
  worker.stop();
}

TEST_CASE("job worker: a job that throws leaves the worker running", "[worker]") {
  std::promise<void> next_ran;
  JobWorker worker(1, 4);
  REQUIRE(taken(worker.submit([](std::stop_token) { throw std::runtime_error("slip"); })));
  REQUIRE(taken(worker.submit([&next_ran](std::stop_token) { next_ran.set_value(); })));
  auto next = next_ran.get_future();
  CHECK(within(next, 5000ms));
}
