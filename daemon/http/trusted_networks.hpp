#pragma once
// auth.trusted_networks: clients that may call the API without a key, each
// network with the scope it is given ("10.0.5.0/24:read", "::1/128:operate";
// a bare address is one host). For a known client that cannot send a key,
// such as the seed's cloud back-end, when API keys are on. A request that
// presents a key is judged by the key alone: a wrong key is refused even
// from a trusted network.
#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <vector>

#include "daemon/http/router.hpp"

namespace aegis::http {

struct TrustedNetwork {
  boost::asio::ip::address network;  // host bits cleared
  unsigned prefix_length = 0;
  Scope scope = Scope::read;
};

// One "NETWORK[/PREFIX]:SCOPE" entry, or the reason it is not one.
struct TrustedNetworkParse {
  std::optional<TrustedNetwork> network;
  std::string error;
};
TrustedNetworkParse parse_trusted_network(const std::string& entry);

class TrustedNetworks {
 public:
  TrustedNetworks() = default;
  // Entries were validated by the configuration loader; one that does not
  // parse is skipped.
  explicit TrustedNetworks(const std::vector<std::string>& entries);

  bool empty() const { return networks_.empty(); }

  // The highest scope of the networks holding `client` (an IPv4 client seen
  // as ::ffff:a.b.c.d by a dual-stack listener counts as IPv4).
  std::optional<Scope> scope_of(const boost::asio::ip::address& client) const;

 private:
  std::vector<TrustedNetwork> networks_;
};

}  // namespace aegis::http
