#pragma once
// The name the rate limit gives a client without a valid API key: its IPv4
// address, or the /64 network of its IPv6 one, since a single host commonly
// holds a whole /64 and could otherwise take a fresh allowance per address.
#include <boost/asio/ip/address.hpp>

#include <string>

namespace aegis::http {

std::string rate_limit_address(const boost::asio::ip::address& address);

}  // namespace aegis::http
