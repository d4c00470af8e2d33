#pragma once
// The sensor profiles a gateway knows, and which product ids use which
// (ai4i for any product id not mapped elsewhere, as in the seed).
#include <map>
#include <string>
#include <vector>

#include "engine/profiles/sensor_profile.hpp"

namespace aegis::profiles {

class ProfileCatalog {
 public:
  // The shipped profiles, no product mapped.
  ProfileCatalog();
  // `product_profiles` maps product ids to profile names listed in `profiles`.
  ProfileCatalog(std::vector<SensorProfile> profiles, std::map<std::string, std::string> product_profiles);

  const SensorProfile* find(const std::string& name) const;
  const SensorProfile& for_product(const std::string& product_id) const;
  const std::vector<SensorProfile>& all() const { return profiles_; }

 private:
  std::vector<SensorProfile> profiles_;
  std::map<std::string, std::string> product_profiles_;
};

}  // namespace aegis::profiles
