#include "daemon/cli/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace aegis::cli {

ProgressCallback terminal_progress_bar() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [](std::size_t done, std::size_t total) {
    const int width = 40;
    const int filled = total ? static_cast<int>(width * done / total) : width;
    std::fprintf(stderr, "\r[%-*s] %zu/%zu", width, std::string(static_cast<std::size_t>(filled), '#').c_str(), done,
                 total);
    if (done == total) std::fprintf(stderr, "\n");
  };
}

}  // namespace aegis::cli
