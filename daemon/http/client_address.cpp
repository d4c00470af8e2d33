#include "daemon/http/client_address.hpp"

#include <algorithm>

namespace aegis::http {

std::string rate_limit_address(const boost::asio::ip::address& address) {
  if (address.is_v4()) return address.to_string();
  const auto v6 = address.to_v6();
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
  if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

ClientAddress client_address_of(const boost::asio::ip::address& ip) { return {ip, rate_limit_address(ip)}; }

}  // namespace aegis::http
