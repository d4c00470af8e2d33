#include "daemon/http/trusted_networks.hpp"

#include <algorithm>
#include <charconv>

namespace aegis::http {
namespace {

using boost::asio::ip::address;

address plain(const address& client) {
  if (client.is_v6() && client.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, client.to_v6());
  }
  return client;
}

// The address's bytes with everything past `prefix_length` bits cleared.
template <class Bytes>
Bytes masked(Bytes bytes, unsigned prefix_length) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned first_bit = static_cast<unsigned>(i) * 8;
    if (prefix_length >= first_bit + 8) continue;
    const unsigned kept = prefix_length > first_bit ? prefix_length - first_bit : 0;
    bytes[i] = static_cast<unsigned char>(bytes[i] & (0xFF00u >> kept));
  }
  return bytes;
}

address masked(const address& value, unsigned prefix_length) {
  if (value.is_v4()) return boost::asio::ip::address_v4(masked(value.to_v4().to_bytes(), prefix_length));
  return boost::asio::ip::address_v6(masked(value.to_v6().to_bytes(), prefix_length));
}

}  // namespace

TrustedNetworkParse parse_trusted_network(const std::string& entry) {
  const auto colon = entry.rfind(':');
  if (colon == std::string::npos) return {std::nullopt, "expected NETWORK/PREFIX:SCOPE, for example 10.0.5.0/24:read"};
  const std::string scope_text = entry.substr(colon + 1);
  const auto scope = parse_scope(scope_text);
  if (!scope) {
    return {std::nullopt, "scope must be read, operate or admin, got '" + scope_text + "'"};
  }
  const std::string network_text = entry.substr(0, colon);
  const auto slash = network_text.find('/');
  const std::string address_text = network_text.substr(0, slash);
  if (address_text.find('%') != std::string::npos) {
    return {std::nullopt, "'" + address_text + "' has a zone id; list the address without it"};
  }
  boost::system::error_code error;
  auto network = boost::asio::ip::make_address(address_text, error);
  if (error) return {std::nullopt, "'" + address_text + "' is not an IP address"};
  // Clients are compared as IPv4 when they are IPv4-mapped: so are entries.
  const bool mapped = network.is_v6() && network.to_v6().is_v4_mapped();
  const unsigned bits = network.is_v4() ? 32 : 128;
  unsigned prefix_length = bits;
  if (slash != std::string::npos) {
    const std::string prefix = network_text.substr(slash + 1);
    const auto [end, parse_error] = std::from_chars(prefix.data(), prefix.data() + prefix.size(), prefix_length);
    if (prefix.empty() || parse_error != std::errc() || end != prefix.data() + prefix.size() || prefix_length > bits) {
      return {std::nullopt, "prefix length must be 0 to " + std::to_string(bits) + ", got '" + prefix + "'"};
    }
  }
  if (prefix_length == 0) {
    return {std::nullopt, "'" + network_text + "' would trust every address; list the client's own address"};
  }
  if (mapped) {
    if (prefix_length < 96) return {std::nullopt, "'" + network_text + "' mixes IPv4-mapped and other addresses"};
    network = plain(network);
    prefix_length -= 96;
  }
  if (masked(network, prefix_length) != network) {
    // 10.0.5.7/24 most likely means a typing slip; say which network it would be.
    return {std::nullopt, "'" + network_text + "' has host bits set (the network is " +
                              masked(network, prefix_length).to_string() + "/" + std::to_string(prefix_length) + ")"};
  }
  return {TrustedNetwork{network, prefix_length, *scope}, ""};
}

TrustedNetworks::TrustedNetworks(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    if (auto parsed = parse_trusted_network(entry); parsed.network) networks_.push_back(*parsed.network);
  }
}

std::optional<Scope> TrustedNetworks::scope_of(const address& client) const {
  const auto ip = plain(client);
  std::optional<Scope> best;
  for (const auto& trusted : networks_) {
    if (trusted.network.is_v4() != ip.is_v4()) continue;
    if (masked(ip, trusted.prefix_length) != trusted.network) continue;
    if (!best || trusted.scope > *best) best = trusted.scope;
  }
  return best;
}

}  // namespace aegis::http
