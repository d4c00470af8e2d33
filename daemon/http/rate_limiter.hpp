#pragma once
// Per-client token buckets for http.rate_limit_per_s: a client may make
// `burst` requests at once and `per_second` on average after that. A client
// is its API key when it presents a valid one, else its address, so the
// integrations behind one reverse proxy each keep their own allowance.
#include <chrono>
#include <functional>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace aegis::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Throws std::invalid_argument unless per_second > 0 and burst >= 1.
  RateLimiter(double per_second, double burst, std::size_t max_clients = 10000);

  // Takes one request from the client's allowance. nullopt: go ahead;
  // otherwise how long until the next request would be allowed.
  std::optional<std::chrono::milliseconds> take(std::string_view client, Clock::time_point now = Clock::now());

  double per_second() const { return per_second_; }
  double burst() const { return burst_; }
  std::size_t clients() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  // Forgets clients whose bucket has filled up again: for them a new bucket
  // is the same. Keeps the table bounded whatever addresses knock.
  void forget_idle(Clock::time_point now);

  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };

  double per_second_;
  double burst_;
  std::size_t max_clients_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket, NameHash, std::equal_to<>> buckets_;
};

}  // namespace aegis::http
