#pragma once
// A door a background thread waits at until the test opens it: lets a test
// hold a writer or decoder mid-work and look at what it has done so far.
#include <condition_variable>
#include <mutex>

namespace aegis::test {

class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [&] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

}  // namespace aegis::test
