#include "engine/streaming/running_window.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "engine/features/engine_type.hpp"
#include "engine/features/feature_error.hpp"

namespace aegis::streaming {

namespace {

// The sums hold deviations d = value - reference and lose digits two ways,
// both checked after every push (and repaired by rebuilding the column's sums
// from its buffered values):
//  - cancellation: the variance's numerator sum(d^2) - n*mean(d)^2 loses
//    about log10(1 + n*mean(d)^2 / M2) digits when the values have moved away
//    from the reference (a step change: 1000 -> 1500 rpm, then flat);
//  - residue: a value that has left the window leaves the rounding of its own
//    d and d^2 behind, which swamps the values that remain when it was much
//    larger than they are (a spike, or the old level after a step change).
// The rebuild takes as reference the held value nearest the mean, which
// leaves n*mean(d)^2 <= M2 and the largest |d| equal to the window's own, so
// neither check fires again until the data moves.
constexpr double kMaxMeanToSpreadRatio = 16.0;
constexpr double kMaxPeakToWindowDeviation = 4.0;

}  // namespace

// ---- Column ----------------------------------------------------------------

void RunningWindow::Column::reset_sums(double reference) {
  reference_ = reference;
  peak_deviation_ = 0.0;
  sum_ = 0.0;
  sum_squares_ = 0.0;
  sum_indexed_ = 0.0;
}

// Appends at index count_ of the sums; the caller counts the value in.
void RunningWindow::Column::add_to_sums(double value) {
  const double d = value - reference_;
  peak_deviation_ = std::max(peak_deviation_, std::fabs(d));
  sum_indexed_ += static_cast<double>(count_) * d;
  sum_ += d;
  sum_squares_ += d * d;
}

void RunningWindow::Column::push(double value) {
  if (count_ == 0) reset_sums(value);
  add_to_sums(value);
  ++count_;
  last_ = value;

  while (!minima_.empty() && minima_.back().value >= value) minima_.pop_back();
  minima_.push_back({pushed_, value});
  while (!maxima_.empty() && maxima_.back().value <= value) maxima_.pop_back();
  maxima_.push_back({pushed_, value});
  ++pushed_;
}

void RunningWindow::Column::pop_oldest(double value) {
  const std::uint64_t oldest = pushed_ - count_;
  --count_;
  if (count_ == 0) {
    reset_sums(0.0);
  } else {
    // Every remaining index drops by one: sum(i*d) over the survivors at their
    // new indices is the old sum(i*d) (where the leaver had i = 0) minus the
    // survivors' sum(d).
    const double d = value - reference_;
    sum_ -= d;
    sum_squares_ -= d * d;
    sum_indexed_ -= sum_;
  }
  if (!minima_.empty() && minima_.front().sequence == oldest) minima_.pop_front();
  if (!maxima_.empty() && maxima_.front().sequence == oldest) maxima_.pop_front();
}

void RunningWindow::Column::rebase(std::span<const double> values_oldest_first) {
  if (values_oldest_first.empty()) return;
  // A held value, not the mean itself: constant data then sums exact zeros.
  double total = 0.0;
  for (double value : values_oldest_first) total += value;
  const double mean = total / static_cast<double>(values_oldest_first.size());
  double reference = values_oldest_first.front();
  for (double value : values_oldest_first) {
    if (std::fabs(value - mean) < std::fabs(reference - mean)) reference = value;
  }
  const std::size_t held = count_;
  reset_sums(reference);
  count_ = 0;
  for (double value : values_oldest_first) {
    add_to_sums(value);
    ++count_;
  }
  count_ = held;
}

bool RunningWindow::Column::sums_lose_precision() const {
  if (count_ == 0) return false;
  const double window_deviation =
      std::max(std::fabs(minima_.front().value - reference_), std::fabs(maxima_.front().value - reference_));
  if (peak_deviation_ > kMaxPeakToWindowDeviation * window_deviation) return true;
  if (count_ < 2) return false;
  const double n = static_cast<double>(count_);
  const double mean_d = sum_ / n;
  const double spread = sum_squares_ - sum_ * mean_d;
  return n * mean_d * mean_d > kMaxMeanToSpreadRatio * spread;
}

features::WindowStats RunningWindow::Column::stats() const {
  if (count_ == 0) return features::WindowStats{};  // the seed filled these with 0
  const double n = static_cast<double>(count_);
  const double mean_d = sum_ / n;
  features::WindowStats stats;
  stats.mean = reference_ + mean_d;
  stats.min = minima_.front().value;
  stats.max = maxima_.front().value;
  stats.last = last_;
  if (count_ >= 2) {
    const double squares = std::max(0.0, sum_squares_ - sum_ * mean_d);
    stats.std = std::sqrt(squares / (n - 1.0));
    // Least squares against x = 0..n-1: sxx = n(n^2-1)/12 exactly, and
    // sxy = sum(i*d) - mean(x)*sum(d) (the reference cancels out).
    const double sxx = n * (n * n - 1.0) / 12.0;
    const double sxy = sum_indexed_ - (n - 1.0) / 2.0 * sum_;
    stats.trend = sxy / sxx;
  }
  return stats;
}

// ---- RunningWindow -----------------------------------------------------------

RunningWindow::RunningWindow(profiles::SensorProfile profile, std::size_t capacity)
    : profile_(std::move(profile)), capacity_(capacity), sensor_count_(profile_.sensors.size()) {
  if (capacity_ == 0) throw features::FeatureError("a running window of profile " + profile_.name + " needs a capacity of at least one row");
  ring_.assign(capacity_ * sensor_count_, 0.0);
  columns_.resize(sensor_count_);
  scratch_.reserve(capacity_);
}

void RunningWindow::check_row(const telemetry::Reading& reading) const {
  if (reading.values.size() != sensor_count_) {
    throw features::FeatureError("row of unit " + reading.product_id + "/" + reading.unit_id + " at step " +
                                 std::to_string(reading.step_index) + " has " + std::to_string(reading.values.size()) +
                                 " values, profile " + profile_.name + " has " + std::to_string(sensor_count_) +
                                 " sensors");
  }
  if (!empty() && (reading.product_id != product_id_ || reading.unit_id != unit_id_)) {
    throw features::FeatureError("row of unit " + reading.product_id + "/" + reading.unit_id + " at step " +
                                 std::to_string(reading.step_index) + " pushed into the running window of unit " +
                                 product_id_ + "/" + unit_id_);
  }
}

double RunningWindow::value_at(std::size_t age, std::size_t sensor) const {
  const std::size_t slot = (oldest_ + age) % capacity_;
  return ring_[slot * sensor_count_ + sensor];
}

void RunningWindow::drop_oldest_row() {
  for (std::size_t sensor = 0; sensor < sensor_count_; ++sensor) {
    const double value = value_at(0, sensor);
    if (std::isfinite(value)) columns_[sensor].pop_oldest(value);
  }
  oldest_ = (oldest_ + 1) % capacity_;
  --size_;
}

void RunningWindow::rebase_column(std::size_t sensor) {
  scratch_.clear();
  for (std::size_t age = 0; age < size_; ++age) {
    const double value = value_at(age, sensor);
    if (std::isfinite(value)) scratch_.push_back(value);
  }
  columns_[sensor].rebase(scratch_);
}

void RunningWindow::push(const telemetry::Reading& reading) {
  check_row(reading);
  if (empty()) {
    product_id_ = reading.product_id;
    unit_id_ = reading.unit_id;
  }
  if (size_ == capacity_) drop_oldest_row();

  const std::size_t slot = (oldest_ + size_) % capacity_;
  std::copy(reading.values.begin(), reading.values.end(), ring_.begin() + static_cast<std::ptrdiff_t>(slot * sensor_count_));
  ++size_;
  for (std::size_t sensor = 0; sensor < sensor_count_; ++sensor) {
    const double value = reading.values[sensor];
    if (std::isfinite(value)) columns_[sensor].push(value);
  }
  last_engine_type_ = reading.engine_type;

  // Add/remove rounding accumulates; a rebuild once per window turnover keeps
  // it to the rounding of ~2*capacity updates.
  const bool turnover = ++pushes_since_rebase_ >= capacity_;
  if (turnover) pushes_since_rebase_ = 0;
  for (std::size_t sensor = 0; sensor < sensor_count_; ++sensor) {
    if (turnover || columns_[sensor].sums_lose_precision()) rebase_column(sensor);
  }
}

void RunningWindow::load(std::span<const telemetry::Reading> history) {
  clear();
  try {
    for (const auto& reading : features::last_rows(history, capacity_)) push(reading);
  } catch (...) {
    clear();  // half a history would score as if it were the whole window
    throw;
  }
}

void RunningWindow::clear() {
  oldest_ = 0;
  size_ = 0;
  columns_.assign(sensor_count_, Column{});
  pushes_since_rebase_ = 0;
  product_id_.clear();
  unit_id_.clear();
  last_engine_type_.clear();
}

std::vector<double> RunningWindow::features() const {
  if (empty()) throw features::FeatureError("seed features need at least one telemetry row, the window is empty");
  std::vector<double> vector;
  vector.reserve(sensor_count_ * features::kSeedStatNames.size() + 1);
  for (const auto& column : columns_) {
    const features::WindowStats stats = column.stats();
    vector.insert(vector.end(), {stats.mean, stats.std, stats.min, stats.max, stats.last, stats.trend});
  }
  if (profile_.has_engine_type) vector.push_back(features::encode_engine_type(last_engine_type_));
  return vector;
}

std::vector<std::string> RunningWindow::feature_names() const { return features::seed_feature_names(profile_); }

}  // namespace aegis::streaming
