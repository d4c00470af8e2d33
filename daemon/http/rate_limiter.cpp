#include "daemon/http/rate_limiter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aegis::http {

RateLimiter::RateLimiter(double per_second, double burst, std::size_t max_clients)
    : per_second_(per_second), burst_(burst), max_clients_(max_clients), overflow_{burst, Clock::time_point{}} {
  if (!(per_second >= kMinPerSecond) || !(burst >= 1) || max_clients == 0) {
    throw std::invalid_argument("a rate limit needs a rate of at least 0.001 a second, a burst of at least 1 and "
                                "room for a client");
  }
}

std::size_t RateLimiter::clients() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::forget_idle(Clock::time_point now) {
  if (last_sweep_ && now - *last_sweep_ < std::chrono::seconds(1)) return;
  last_sweep_ = now;
  std::erase_if(buckets_, [&](const auto& entry) {
    const double idle_s = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + idle_s * per_second_ >= burst_;
  });
}

RateLimiter::Bucket& RateLimiter::refreshed(std::string_view client, Clock::time_point now) {
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) forget_idle(now);
    if (buckets_.size() < max_clients_) it = buckets_.emplace(std::string(client), Bucket{burst_, now}).first;
  }
  Bucket& bucket = it == buckets_.end() ? overflow_ : it->second;
  // Two threads may read the clock in one order and take the lock in the
  // other: time never runs backwards for a bucket.
  if (now > bucket.updated) {
    const double elapsed_s = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed_s * per_second_);
    bucket.updated = now;
  }
  return bucket;
}

std::optional<std::chrono::milliseconds> RateLimiter::wait_for_token(const Bucket& bucket) const {
  if (bucket.tokens >= 1) return std::nullopt;
  const double wait_ms = std::ceil((1 - bucket.tokens) / per_second_ * 1000.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(wait_ms, 1000.0 / kMinPerSecond)));
}

std::optional<std::chrono::milliseconds> RateLimiter::take(std::string_view client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Bucket& bucket = refreshed(client, now);
  auto wait = wait_for_token(bucket);
  if (!wait) {
    bucket.tokens -= 1;
    bucket.limited = false;
  } else if (!bucket.limited) {
    bucket.limited = true;
    const std::string who =
        &bucket == &overflow_ ? std::string("new clients (the table of clients is full)") : std::string(client);
    spdlog::warn("http: rate limit reached by {} ({:g} requests/s, bursts of {:g}); it gets 429 until it slows down",
                 who, per_second_, burst_);
  }
  return wait;
}

std::optional<std::chrono::milliseconds> RateLimiter::peek(std::string_view client, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  // A client not in the table has a full allowance: looking adds nothing.
  if (!buckets_.contains(client)) return std::nullopt;
  return wait_for_token(refreshed(client, now));
}

}  // namespace aegis::http
