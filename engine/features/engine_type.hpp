#pragma once
// The ai4i quality variant as a number, exactly as the seed's scikit-learn
// LabelEncoder produced it: classes sorted alphabetically, so H=0, L=1, M=2.
// Anything else (unknown, empty) is 0, as SPEC section 6 requires; that is
// the same code as H, which is what the seed's models saw for filled values.
#include <string_view>

namespace aegis::features {

enum class EngineType { H, L, M, Unknown };

// Surrounding whitespace and letter case are forgiven ("l " is L): feeds
// written by hand get this wrong, and no other value could be meant.
EngineType parse_engine_type(std::string_view engine_type);

double encode_engine_type(EngineType engine_type);
double encode_engine_type(std::string_view engine_type);

}  // namespace aegis::features
