#pragma once
// Process logging: one stderr sink (journald picks it up under systemd), as
// human-readable text or one JSON object per line.
#include <string>

namespace aegis::logging {

enum class Format { text, json };

// Installs the default logger. `level` is one of trace, debug, info, warn,
// error, critical, off (validated by the configuration beforehand).
void setup(const std::string& level, Format format);

// Changes the level of the running logger (SIGHUP reload).
void set_level(const std::string& level);

}  // namespace aegis::logging
