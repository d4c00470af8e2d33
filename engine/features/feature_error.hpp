#pragma once
// The one error the feature code raises: input it cannot turn into a vector
// (an empty window, a row whose value count does not match its profile).
#include <stdexcept>

namespace aegis::features {

class FeatureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aegis::features
