#pragma once
#include <string>
#include <vector>

#include "daemon/config/config.hpp"

namespace aegis::config {

// The keys whose values differ between two configurations, in table order.
std::vector<std::string> changed_keys(const Config& before, const Config& after);

}  // namespace aegis::config
