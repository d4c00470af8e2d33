#pragma once
// SPEC section 3: 0 success, 1 runtime failure, 2 bad usage or invalid configuration.
namespace aegis::cli {
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
}  // namespace aegis::cli
