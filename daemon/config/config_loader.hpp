#pragma once
// Reading the YAML configuration, applying environment and systemd-credential
// overrides, and validating the result. Every error names the key at fault.
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "daemon/config/config.hpp"

namespace aegis::config {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Looks a variable up in the environment; main passes the process's own, and
// tests pass a map. CREDENTIALS_DIRECTORY is read through it as well.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

Environment process_environment();

// Parses `yaml` (named `source` in messages), then applies overrides.
Config load_config_text(const std::string& yaml, const std::string& source, const Environment& env);

// Reads the file; a missing or unreadable file is a ConfigError.
Config load_config_file(const std::filesystem::path& path, const Environment& env);

// The effective configuration as YAML, every secret replaced by "<redacted>".
std::string render_config(const Config& config);

}  // namespace aegis::config
