#pragma once
// The name the rate limit gives a client without a valid API key: its IPv4
// address, or the /64 network of its IPv6 one, since a single host commonly
// holds a whole /64 and could otherwise take a fresh allowance per address.
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string>

namespace aegis::http {

std::string rate_limit_address(const boost::asio::ip::address& address);

// Who sent a request, as the access rules see it.
struct ClientAddress {
  std::optional<boost::asio::ip::address> ip;  // unknown when the socket could not say
  std::string rate_limit_name;                 // rate_limit_address(ip), empty when unknown
};
ClientAddress client_address_of(const boost::asio::ip::address& ip);

}  // namespace aegis::http
