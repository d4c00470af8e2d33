#pragma once
// NASA C-MAPSS turbofan files (train_FD00x.txt, test_FD00x.txt, RUL_FD00x.txt)
// and their conversion into the gateway's readings (turbofan profile).
#include <array>
#include <chrono>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "engine/common/time.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::datasets {

struct CmapssRow {
  int unit = 0;   // engine number, from 1
  int cycle = 0;  // operating cycle, from 1
  std::array<double, 3> settings{};
  std::array<double, 21> sensors{};
};

// 26 space-separated numbers per line (trailing blanks allowed). Throws
// DatasetError "train_FD001.txt:12: expected 26 numbers, found 25" or
// "train_FD001.txt:12: s4 is not a number: 'x'".
std::vector<CmapssRow> read_cmapss(const std::filesystem::path& path);
std::vector<CmapssRow> parse_cmapss(std::istream& in, const std::string& source);

// One non-negative integer per line: the true remaining cycles of each test
// engine at its last row, in engine order.
std::vector<int> read_cmapss_rul(const std::filesystem::path& path);
std::vector<int> parse_cmapss_rul(std::istream& in, const std::string& source);

struct CmapssReadingOptions {
  std::string product_id = "FD001";
  // Labels are the remaining cycles capped here (the literature's piece-wise
  // linear target); 0 leaves them uncapped.
  int rul_cap = 125;
  // Cycle c is stamped base_time + c hours (one cycle per hour).
  time::Millis base_time = time::from_epoch_ms(1704067200000);  // 2024-01-01T00:00:00Z
};

// "engine_001": the unit id readings of engine `unit` carry (3 digits at least).
std::string cmapss_unit_id(int unit);

// Run-to-failure rows (a training file) as readings in file order:
// labels.rul = min(cap, last cycle of the unit - cycle), values in turbofan
// profile order (setting1..3, s1..s21), step_index = cycle.
std::vector<telemetry::Reading> cmapss_training_readings(const std::vector<CmapssRow>& rows,
                                                         const CmapssReadingOptions& options = {});

// Cut-off rows (a test file) labelled with the truth file: labels.rul =
// true RUL of the engine + (its last cycle - cycle), capped by rul_cap like
// training (set rul_cap = 0 for the raw truth the evaluation customs score).
// Throws std::invalid_argument when an engine has no truth value.
std::vector<telemetry::Reading> cmapss_test_readings(const std::vector<CmapssRow>& rows,
                                                     const std::vector<int>& true_rul,
                                                     const CmapssReadingOptions& options = {});

}  // namespace aegis::datasets
