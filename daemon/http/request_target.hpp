#pragma once
// Splitting a request target ("/a/b?x=1&y=%20") into a path and decoded
// query parameters.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace aegis::http {

struct RequestTarget {
  std::string path;
  std::map<std::string, std::string> query;
};

// nullopt when the target is not an origin-form path or has broken
// percent-encoding.
std::optional<RequestTarget> parse_request_target(std::string_view target);

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace aegis::http
