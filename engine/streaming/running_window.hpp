#pragma once
// The seed's 31-feature window vector (features/seed_features.hpp), kept up
// to date one reading at a time, so a unit can be scored as its data arrives
// without re-reading and re-scanning its last 50 rows.
//
// Contract: after any sequence of push()/load(), features() equals
// features::seed_feature_vector(profile, last_rows(all rows pushed)) for the
// same rows: same order, same names (feature_names()), the same per-sensor
// skipping of values that are not finite (ingest never admits them, but a
// history loaded from elsewhere might), and within ~1e-12 relative of the
// seed's two-pass arithmetic (min, max and last are exact).
//
// Cost: push() is O(sensors) amortised. Running sums drift and lose digits as
// the window slides, so each sensor's sums are rebuilt from the buffered rows
// (O(capacity)) once every `capacity` pushes, and early when the values have
// moved far from the sums' reference or a much larger value has just left
// (see running_window.cpp); a push costs O(capacity) at worst, as the seed.
//
// Rows must be pushed in the order the store keeps them (time order), as the
// seed's window is "the unit's last rows"; one window serves one unit.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "engine/features/seed_features.hpp"
#include "engine/features/window_stats.hpp"
#include "engine/profiles/sensor_profile.hpp"
#include "engine/telemetry/reading.hpp"

namespace aegis::streaming {

class RunningWindow {
 public:
  // Throws features::FeatureError for a capacity of 0.
  explicit RunningWindow(profiles::SensorProfile profile, std::size_t capacity = features::kSeedWindowRows);

  // Adds the newest row; the oldest leaves once `capacity` rows are held.
  // Throws features::FeatureError for a row whose value count differs from the
  // profile's sensor count, or a row of another unit than the window's (the
  // unit of the first row pushed since construction, load() or clear()).
  // A row that throws leaves the window unchanged.
  void push(const telemetry::Reading& reading);

  // Restarts from the store: forgets everything, then pushes the last
  // `capacity` rows of `history` (time-ordered, one unit). Throws as push()
  // does, leaving the window empty.
  void load(std::span<const telemetry::Reading> history);

  void clear();

  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  const profiles::SensorProfile& profile() const noexcept { return profile_; }

  // In features::seed_feature_names(profile()) order. Throws
  // features::FeatureError for an empty window, as the seed vector does.
  std::vector<double> features() const;
  std::vector<std::string> feature_names() const;

 private:
  // One sensor's finite values in the window: running sums of deviations from
  // a reference value, and monotonic deques that give min and max exactly.
  class Column {
   public:
    void push(double value);
    void pop_oldest(double value);  // `value` must be the oldest value held
    // Recomputes the sums from the values held, oldest first.
    void rebase(std::span<const double> values_oldest_first);
    // True when the sums would lose digits to cancellation or to the rounding
    // left by values much larger than those held (see running_window.cpp).
    bool sums_lose_precision() const;
    features::WindowStats stats() const;
    std::size_t count() const noexcept { return count_; }

   private:
    struct Entry {
      std::uint64_t sequence;
      double value;
    };
    void reset_sums(double reference);
    void add_to_sums(double value);

    std::size_t count_ = 0;
    double reference_ = 0.0;    // the values are summed as value - reference_
    double peak_deviation_ = 0.0;  // largest |d| summed since the sums were reset
    double sum_ = 0.0;          // sum of d
    double sum_squares_ = 0.0;  // sum of d^2
    double sum_indexed_ = 0.0;  // sum of i * d, i = 0 for the oldest value held
    double last_ = 0.0;
    std::uint64_t pushed_ = 0;  // sequence number of the next value
    std::deque<Entry> minima_;  // increasing values; the front is the minimum
    std::deque<Entry> maxima_;  // decreasing values; the front is the maximum
  };

  void check_row(const telemetry::Reading& reading) const;
  double value_at(std::size_t age, std::size_t sensor) const;  // age 0 = the oldest row held
  void drop_oldest_row();
  void rebase_column(std::size_t sensor);

  profiles::SensorProfile profile_;
  std::size_t capacity_;
  std::size_t sensor_count_;
  std::vector<double> ring_;  // capacity_ rows of sensor_count_ values
  std::size_t oldest_ = 0;    // ring slot of the oldest row held
  std::size_t size_ = 0;
  std::vector<Column> columns_;
  std::size_t pushes_since_rebase_ = 0;
  std::vector<double> scratch_;  // the finite values of one sensor, for rebases
  std::string product_id_;
  std::string unit_id_;
  std::string last_engine_type_;
};

}  // namespace aegis::streaming
