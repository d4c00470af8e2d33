#pragma once
// One function per sub-command; cli.cpp parses the command line and calls
// them. Each returns the process exit code.
#include <string>

namespace aegis::cli {

int serve_command(const std::string& config_path);
int check_config_command(const std::string& config_path);

}  // namespace aegis::cli
