#include "daemon/config/config_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "daemon/config/config_fields.hpp"
#include "daemon/config/profiles_section.hpp"

namespace aegis::config {
namespace {

const Field* find_field(const std::string& key) {
  for (const Field& field : config_fields()) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

std::set<std::string> section_names() {
  std::set<std::string> sections;
  for (const Field& field : config_fields()) sections.insert(field.key.substr(0, field.key.find('.')));
  return sections;
}

std::string describe_value(const std::string& value, bool secret) { return secret ? "<redacted>" : "'" + value + "'"; }

// Converts one textual value into the field's member. `origin` says where the
// value came from ("config.yaml:12" or "environment AEGIS_HTTP_THREADS").
class Assigner {
 public:
  Assigner(Config& config, const Field& field, std::string origin)
      : config_(config), field_(field), origin_(std::move(origin)) {}

  void operator()(Member<std::string> member) const { member(config_) = text_; }
  void operator()(Member<std::int64_t> member) const {
    std::size_t used = 0;
    long long value = 0;
    try {
      value = std::stoll(text_, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text_.size()) fail("expected a whole number, got " + describe_value(text_, field_.secret));
    member(config_) = value;
  }
  void operator()(Member<double> member) const {
    std::size_t used = 0;
    double value = 0;
    try {
      value = std::stod(text_, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text_.size() || !std::isfinite(value)) {
      fail("expected a number, got " + describe_value(text_, field_.secret));
    }
    member(config_) = value;
  }
  void operator()(Member<bool> member) const {
    if (text_ == "true" || text_ == "yes" || text_ == "on" || text_ == "1") {
      member(config_) = true;
    } else if (text_ == "false" || text_ == "no" || text_ == "off" || text_ == "0") {
      member(config_) = false;
    } else {
      fail("expected true or false, got " + describe_value(text_, field_.secret));
    }
  }
  void operator()(Member<std::vector<std::string>> member) const { member(config_) = items_; }

  Assigner& scalar(std::string text) {
    text_ = std::move(text);
    return *this;
  }
  Assigner& list(std::vector<std::string> items) {
    items_ = std::move(items);
    return *this;
  }
  void apply() const { std::visit(*this, field_.member); }

  [[noreturn]] void fail(const std::string& problem) const {
    throw ConfigError("configuration key " + field_.key + " (" + origin_ + "): " + problem);
  }

 private:
  Config& config_;
  const Field& field_;
  std::string origin_;
  std::string text_;
  std::vector<std::string> items_;
};

bool is_list(const Field& field) { return std::holds_alternative<Member<std::vector<std::string>>>(field.member); }

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::string where(const std::string& source, const YAML::Node& node) {
  return source + ":" + std::to_string(node.Mark().line + 1);
}

void apply_yaml(Config& config, const YAML::Node& root, const std::string& source) {
  if (!root || root.IsNull()) return;
  if (!root.IsMap()) throw ConfigError(source + ": the configuration must be a mapping of sections");
  const auto sections = section_names();
  for (const auto& section : root) {
    const std::string section_name = section.first.as<std::string>();
    if (section_name == "profiles") {
      apply_profiles_section(config, section.second, source);
      continue;
    }
    if (!sections.contains(section_name)) {
      throw ConfigError("unknown configuration section '" + section_name + "' (" + where(source, section.first) + ")");
    }
    if (section.second.IsNull()) continue;
    if (!section.second.IsMap()) {
      throw ConfigError("configuration section " + section_name + " (" + where(source, section.second) +
                        "): expected a mapping of keys");
    }
    for (const auto& entry : section.second) {
      const std::string key = section_name + "." + entry.first.as<std::string>();
      const Field* field = find_field(key);
      if (!field) throw ConfigError("unknown configuration key '" + key + "' (" + where(source, entry.first) + ")");
      Assigner assign(config, *field, where(source, entry.second));
      const YAML::Node& value = entry.second;
      if (is_list(*field)) {
        std::vector<std::string> items;
        if (value.IsSequence()) {
          for (const auto& item : value) {
            if (!item.IsScalar()) assign.fail("expected a list of plain values");
            items.push_back(item.Scalar());
          }
        } else if (!value.IsNull()) {
          assign.fail("expected a list");
        }
        assign.list(std::move(items)).apply();
      } else if (value.IsScalar()) {
        assign.scalar(value.Scalar()).apply();
      } else if (value.IsNull()) {
        assign.scalar("").apply();
      } else {
        assign.fail("expected a single value, not a list or mapping");
      }
    }
  }
}

std::optional<std::string> read_credential(const Environment& env, const std::string& name) {
  if (name.empty()) return std::nullopt;
  const auto dir = env("CREDENTIALS_DIRECTORY");
  if (!dir || dir->empty()) return std::nullopt;
  std::ifstream in(std::filesystem::path(*dir) / name, std::ios::binary);
  if (!in) return std::nullopt;
  std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

// Environment beats a systemd credential, which beats the file.
void apply_overrides(Config& config, const Environment& env) {
  for (const Field& field : config_fields()) {
    std::optional<std::string> value;
    std::string origin;
    std::vector<std::string> names = field.env_aliases;
    names.push_back(automatic_env_name(field.key));
    for (const auto& name : names) {
      if ((value = env(name))) {
        origin = "environment " + name;
        break;
      }
    }
    if (!value && (value = read_credential(env, field.credential))) origin = "credential " + field.credential;
    if (!value) continue;
    Assigner assign(config, field, origin);
    if (is_list(field)) {
      assign.list(split_list(*value)).apply();
    } else {
      assign.scalar(*value).apply();
    }
  }
}

void validate_text(const Field& field, const std::string& value, const std::string& label) {
  auto fail = [&](const std::string& problem) {
    throw ConfigError("configuration key " + label + ": " + problem);
  };
  if (!field.choices.empty() &&
      std::find(field.choices.begin(), field.choices.end(), value) == field.choices.end()) {
    std::string allowed;
    for (const auto& choice : field.choices) allowed += (allowed.empty() ? "" : ", ") + choice;
    fail("must be one of " + allowed + ", got " + describe_value(value, field.secret));
  }
  if (field.check) {
    if (const std::string problem = field.check(value); !problem.empty()) fail(problem);
  }
}

void validate(Config& config) {
  for (const Field& field : config_fields()) {
    std::visit(
        [&](auto member) {
          using Value = std::decay_t<decltype(member(config))>;
          const Value& value = member(config);
          if constexpr (std::is_same_v<Value, std::string>) {
            validate_text(field, value, field.key);
          } else if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
            for (std::size_t i = 0; i < value.size(); ++i) {
              validate_text(field, value[i], field.key + "[" + std::to_string(i) + "]");
            }
          } else if constexpr (!std::is_same_v<Value, bool>) {
            const double number = static_cast<double>(value);
            if ((field.min && number < *field.min) || (field.max && number > *field.max)) {
              std::ostringstream message;
              message << "configuration key " << field.key << ": must be between " << field.min.value_or(0) << " and "
                      << field.max.value_or(0) << ", got " << value;
              throw ConfigError(message.str());
            }
          }
        },
        field.member);
  }
  // 0 turns the limit off; any other rate must be one a client can live with.
  if (const double rate = config.http.rate_limit_per_s; rate != 0 && rate < 0.001) {
    std::ostringstream message;
    message << "configuration key http.rate_limit_per_s: must be 0 (no limit) or at least 0.001, got " << rate;
    throw ConfigError(message.str());
  }
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name.c_str())) return std::string(value);
    return std::nullopt;
  };
}

Config load_config_text(const std::string& yaml, const std::string& source, const Environment& env) {
  Config config;
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(source + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  apply_yaml(config, root, source);
  apply_overrides(config, env);
  validate(config);
  return config;
}

Config load_config_file(const std::filesystem::path& path, const Environment& env) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read configuration file " + path.string() + ": " + std::strerror(errno));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return load_config_text(text, path.string(), env);
}

std::string render_config(const Config& config) {
  Config copy = config;
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::string open_section;
  for (const Field& field : config_fields()) {
    const std::string section = field.key.substr(0, field.key.find('.'));
    const std::string name = field.key.substr(field.key.find('.') + 1);
    if (section != open_section) {
      if (!open_section.empty()) out << YAML::EndMap;
      out << YAML::Key << section << YAML::Value << YAML::BeginMap;
      open_section = section;
    }
    out << YAML::Key << name << YAML::Value;
    std::visit(
        [&](auto member) {
          using Value = std::decay_t<decltype(member(copy))>;
          const Value& value = member(copy);
          if constexpr (std::is_same_v<Value, std::vector<std::string>>) {
            out << YAML::Flow << YAML::BeginSeq;
            for (const auto& item : value) out << (field.secret ? std::string("<redacted>") : item);
            out << YAML::EndSeq;
          } else if constexpr (std::is_same_v<Value, std::string>) {
            out << (field.secret && !value.empty() ? std::string("<redacted>") : value);
          } else {
            out << value;
          }
        },
        field.member);
  }
  if (!open_section.empty()) out << YAML::EndMap;
  emit_profiles_section(out, config);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace aegis::config
