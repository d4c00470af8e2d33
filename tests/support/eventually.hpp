#pragma once
// Polling for a condition a real server reaches in its own time, bounded.
#include <chrono>
#include <thread>

namespace aegis::test {

// True once `done()` holds, polled every 50 ms for at most `limit`.
template <class Condition>
bool eventually(std::chrono::milliseconds limit, Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

}  // namespace aegis::test
