#include "engine/common/thread_identity.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace aegis::threads {

void name_this_thread(std::string_view name) {
  const std::string text(name.substr(0, 15));
  pthread_setname_np(pthread_self(), text.c_str());
}

bool lower_this_thread_priority(int steps) {
  if (steps <= 0) return true;
  const auto self = static_cast<id_t>(gettid());
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, self);
  if (current == -1 && errno != 0) return false;
  return setpriority(PRIO_PROCESS, self, current + steps) == 0;
}

}  // namespace aegis::threads
