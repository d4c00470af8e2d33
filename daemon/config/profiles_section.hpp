#pragma once
// The `profiles` section: a mapping of profile name to its settings, read and
// printed apart from the flat key table because its keys are names.
#include <yaml-cpp/yaml.h>

#include <string>

#include "daemon/config/config.hpp"
#include "engine/profiles/profile_catalog.hpp"

namespace aegis::config {

// Throws ConfigError naming the key (profiles.<name>.<field>) at fault.
void apply_profiles_section(Config& config, const YAML::Node& section, const std::string& source);
void emit_profiles_section(YAML::Emitter& out, const Config& config);

// The engine's view of the configured profiles.
profiles::ProfileCatalog profile_catalog(const Config& config);

}  // namespace aegis::config
