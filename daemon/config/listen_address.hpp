#pragma once
// "host:port" as written in http.listen ("[::1]:8080" for IPv6).
#include <optional>
#include <string>

namespace aegis::config {

struct ListenAddress {
  std::string host;
  unsigned short port = 0;
};

std::optional<ListenAddress> parse_listen_address(const std::string& text);

}  // namespace aegis::config
