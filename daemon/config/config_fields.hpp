#pragma once
// Every configuration key declared once, with its member, its description and
// its checks. Parsing, environment overrides, validation, redaction and the
// documentation printed by check-config are all driven by this table.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "daemon/config/config.hpp"

namespace aegis::config {

template <class T>
using Member = T& (*)(Config&);

using Binding = std::variant<Member<std::string>, Member<std::int64_t>, Member<double>, Member<bool>,
                             Member<std::vector<std::string>>>;

struct Field {
  std::string key;  // "section.name"
  std::string description;
  Binding member;
  bool secret = false;
  // Environment variables that override the file, first found wins; every
  // key also answers to AEGIS_<SECTION>_<NAME> after these.
  std::vector<std::string> env_aliases;
  // systemd credential (LoadCredential=) read from $CREDENTIALS_DIRECTORY.
  std::string credential;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> choices;
  // Extra check of a string value (or of each list item); returns the
  // problem, or an empty string when the value is fine.
  std::string (*check)(const std::string& value) = nullptr;
};

const std::vector<Field>& config_fields();

// "AEGIS_HTTP_LISTEN" for "http.listen".
std::string automatic_env_name(const std::string& key);

}  // namespace aegis::config
