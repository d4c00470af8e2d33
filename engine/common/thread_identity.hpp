#pragma once
// How a thread of the daemon shows to the operating system: its name (what
// `top -H`, `ps -L` and perf print instead of "aegisd") and its share of the
// CPU when the cores are short.
#include <string_view>

namespace aegis::threads {

// Names the calling thread; Linux keeps the first 15 bytes.
void name_this_thread(std::string_view name);

// Makes the calling thread `steps` nice levels less urgent (Linux schedules
// threads on their own). Returns false when the system refused, which only
// costs the scheduling preference.
bool lower_this_thread_priority(int steps);

}  // namespace aegis::threads
