#include "daemon/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aegis::http {

RateLimiter::RateLimiter(double per_second, double burst, std::size_t max_clients)
    : per_second_(per_second), burst_(burst), max_clients_(max_clients) {
  if (!(per_second > 0) || !(burst >= 1) || max_clients == 0) {
    throw std::invalid_argument("a rate limit needs a rate above 0, a burst of at least 1 and room for a client");
  }
}

std::size_t RateLimiter::clients() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::forget_idle(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    const double idle_s = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + idle_s * per_second_ >= burst_;
  });
}

std::optional<std::chrono::milliseconds> RateLimiter::take(std::string_view client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) forget_idle(now);
    if (buckets_.size() >= max_clients_) {
      // Every known client is active: a newcomer waits as if its bucket
      // were empty rather than push one of them out.
      return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(1000.0 / per_second_)));
    }
    it = buckets_.emplace(std::string(client), Bucket{burst_, now}).first;
  }
  Bucket& bucket = it->second;
  const double elapsed_s = std::max(0.0, std::chrono::duration<double>(now - bucket.updated).count());
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed_s * per_second_);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait_s = (1 - bucket.tokens) / per_second_;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_s * 1000.0)));
}

}  // namespace aegis::http
