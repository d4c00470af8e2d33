#pragma once
// Features for remaining-useful-life regression on the turbofan profile
// (NASA C-MAPSS FD001, target: remaining cycles capped at 125).
//
// Recipe, chosen by experiment (training on train_FD001, cross-validated by
// engine; see the feature work report):
//   for each informative sensor s2 s3 s4 s7 s8 s9 s11 s12 s13 s14 s15 s17 s20
//   s21 (the others are constant in FD001), over the last 60 cycles (all of
//   them when the history is shorter):
//     <s>_mean   window mean
//     <s>_trend  least-squares slope per cycle against index 0..n-1 (0 for
//                one cycle), the same definition as the seed's trend
//   then cycle_count: the cycle of the last row (its step_index), or the
//   number of rows when the sender gave no cycle numbers.
// Long windows won: degradation is slow and the sensors are noisy, so 10- and
// 20-cycle windows lost 4 to 7 test RMSE against 60.
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/telemetry/reading.hpp"

namespace aegis::features {

inline constexpr std::size_t kTurbofanWindowCycles = 60;
inline constexpr std::array<std::string_view, 14> kTurbofanInformativeSensors = {
    "s2", "s3", "s4", "s7", "s8", "s9", "s11", "s12", "s13", "s14", "s15", "s17", "s20", "s21"};

std::vector<std::string> turbofan_feature_names();

// `history_up_to_now` is one engine's rows in cycle order, each with the
// turbofan profile's 24 values (setting1..3, s1..s21). Values that are not
// finite are left out of their sensor's statistics (0 when none is left).
// Throws FeatureError for an empty history or a row of the wrong width.
std::vector<double> turbofan_feature_vector(std::span<const telemetry::Reading> history_up_to_now);

}  // namespace aegis::features
