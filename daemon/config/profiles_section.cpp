#include "daemon/config/profiles_section.hpp"

#include <cmath>

#include "daemon/config/config_loader.hpp"

namespace aegis::config {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return "[" + text + "]";
}

std::vector<std::string> string_list(const YAML::Node& node, const std::string& key, const std::string& where) {
  std::vector<std::string> items;
  if (node.IsNull()) return items;
  if (!node.IsSequence()) throw ConfigError("configuration key " + key + " (" + where + "): expected a list");
  for (const auto& item : node) {
    if (!item.IsScalar()) throw ConfigError("configuration key " + key + " (" + where + "): expected a list of plain values");
    items.push_back(item.Scalar());
  }
  return items;
}

}  // namespace

void apply_profiles_section(Config& config, const YAML::Node& section, const std::string& source) {
  if (section.IsNull()) return;
  const auto where = [&](const YAML::Node& node) { return source + ":" + std::to_string(node.Mark().line + 1); };
  if (!section.IsMap()) throw ConfigError("configuration section profiles (" + where(section) + "): expected a mapping of profile names");
  for (const auto& entry : section) {
    const std::string name = entry.first.as<std::string>();
    const std::string prefix = "profiles." + name;
    auto profile = std::find_if(config.profiles.begin(), config.profiles.end(),
                                [&](const ProfileConfig& p) { return p.name == name; });
    if (profile == config.profiles.end()) {
      throw ConfigError("configuration key " + prefix + " (" + where(entry.first) +
                        "): unknown profile; the shipped profiles are ai4i and turbofan");
    }
    if (entry.second.IsNull()) continue;
    if (!entry.second.IsMap()) throw ConfigError("configuration key " + prefix + " (" + where(entry.second) + "): expected a mapping");
    for (const auto& field : entry.second) {
      const std::string key = prefix + "." + field.first.as<std::string>();
      const std::string field_name = field.first.as<std::string>();
      const YAML::Node& value = field.second;
      if (field_name == "sensors") {
        const auto sensors = string_list(value, key, where(value));
        if (sensors != profile->sensors) {
          throw ConfigError("configuration key " + key + ": the " + name + " sensors are the columns of its telemetry table and must be " +
                            joined(profile->sensors));
        }
      } else if (field_name == "engine_type") {
        if (!value.IsScalar() || value.as<std::string>() != (profile->engine_type ? "true" : "false")) {
          throw ConfigError("configuration key " + key + ": must be " + (profile->engine_type ? "true" : "false") +
                            " for the " + name + " profile");
        }
      } else if (field_name == "step_hours") {
        double hours = 0;
        try {
          hours = value.as<double>();
        } catch (const YAML::Exception&) {
          throw ConfigError("configuration key " + key + " (" + where(value) + "): expected a number");
        }
        if (!std::isfinite(hours) || hours <= 0 || hours > 8760) {
          throw ConfigError("configuration key " + key + ": must be more than 0 and at most 8760 hours");
        }
        profile->step_hours = hours;
      } else if (field_name == "products") {
        profile->products = string_list(value, key, where(value));
      } else {
        throw ConfigError("unknown configuration key '" + key + "' (" + where(field.first) + ")");
      }
    }
  }
  std::map<std::string, std::string> owner;
  for (const auto& profile : config.profiles) {
    for (const auto& product : profile.products) {
      if (auto [it, fresh] = owner.emplace(product, profile.name); !fresh) {
        throw ConfigError("configuration key profiles." + profile.name + ".products: product " + product +
                          " is already mapped to profile " + it->second);
      }
    }
  }
}

void emit_profiles_section(YAML::Emitter& out, const Config& config) {
  out << YAML::Key << "profiles" << YAML::Value << YAML::BeginMap;
  for (const auto& profile : config.profiles) {
    out << YAML::Key << profile.name << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "sensors" << YAML::Value << YAML::Flow << profile.sensors;
    out << YAML::Key << "engine_type" << YAML::Value << profile.engine_type;
    out << YAML::Key << "step_hours" << YAML::Value << profile.step_hours;
    out << YAML::Key << "products" << YAML::Value << YAML::Flow << profile.products;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

profiles::ProfileCatalog profile_catalog(const Config& config) {
  std::vector<profiles::SensorProfile> known;
  std::map<std::string, std::string> products;
  for (const auto& entry : config.profiles) {
    auto profile = profiles::builtin_profile(entry.name);
    if (!profile) continue;  // the loader admits only shipped profiles
    profile->step_hours = entry.step_hours;
    known.push_back(*profile);
    for (const auto& product : entry.products) products[product] = entry.name;
  }
  return profiles::ProfileCatalog(std::move(known), std::move(products));
}

}  // namespace aegis::config
