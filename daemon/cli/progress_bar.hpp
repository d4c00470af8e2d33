#pragma once
// A one-line progress bar for long commands (replay, imports), drawn on
// stderr only when it is a terminal, so logs and pipes stay clean.
#include <cstddef>
#include <functional>

namespace aegis::cli {

using ProgressCallback = std::function<void(std::size_t done, std::size_t total)>;

// Empty (nothing to call) when stderr is not a terminal.
ProgressCallback terminal_progress_bar();

}  // namespace aegis::cli
