#include "engine/profiles/profile_catalog.hpp"

#include <stdexcept>

namespace aegis::profiles {

ProfileCatalog::ProfileCatalog() : profiles_{ai4i_profile(), turbofan_profile()} {}

ProfileCatalog::ProfileCatalog(std::vector<SensorProfile> profiles, std::map<std::string, std::string> product_profiles)
    : profiles_(std::move(profiles)), product_profiles_(std::move(product_profiles)) {
  if (!find("ai4i")) profiles_.push_back(ai4i_profile());  // the default for unmapped products
  for (const auto& [product, profile] : product_profiles_) {
    if (!find(profile)) throw std::invalid_argument("product " + product + " maps to unknown profile " + profile);
  }
}

const SensorProfile* ProfileCatalog::find(const std::string& name) const {
  for (const auto& profile : profiles_) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

const SensorProfile& ProfileCatalog::for_product(const std::string& product_id) const {
  if (auto it = product_profiles_.find(product_id); it != product_profiles_.end()) return *find(it->second);
  return *find("ai4i");
}

}  // namespace aegis::profiles
