#pragma once
// Per-client token buckets for http.rate_limit_per_s: a client may make
// `burst` requests at once and `per_second` a second on average after that.
// The dispatcher names the clients (an API key, an address); this class
// only keeps their allowances, in a table bounded however many addresses
// knock: beyond `max_clients` recently seen, newcomers share one allowance.
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace aegis::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr double kMinPerSecond = 0.001;

  // Throws std::invalid_argument unless per_second >= kMinPerSecond and
  // burst >= 1.
  RateLimiter(double per_second, double burst, std::size_t max_clients = 10000);

  // Takes one request from the client's allowance. nullopt: go ahead;
  // otherwise how long until the next request would be allowed (a refused
  // request costs nothing). The first refusal after an allowed request is
  // logged, naming the client.
  std::optional<std::chrono::milliseconds> take(std::string_view client, Clock::time_point now = Clock::now());
  // The same answer as take(), without taking anything (and without adding
  // the client to the table).
  std::optional<std::chrono::milliseconds> peek(std::string_view client, Clock::time_point now = Clock::now());

  double per_second() const { return per_second_; }
  double burst() const { return burst_; }
  std::size_t clients() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
    bool limited = false;  // refused since its last allowed request: logged once
  };
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };

  // The client's bucket brought up to `now`; under mutex_.
  Bucket& refreshed(std::string_view client, Clock::time_point now);
  std::optional<std::chrono::milliseconds> wait_for_token(const Bucket& bucket) const;
  // Forgets clients whose bucket has filled up again (for them a new bucket
  // is the same), at most once a second: the scan is over the whole table.
  void forget_idle(Clock::time_point now);

  double per_second_;
  double burst_;
  std::size_t max_clients_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket, NameHash, std::equal_to<>> buckets_;
  Bucket overflow_;  // shared by newcomers while the table is full
  std::optional<Clock::time_point> last_sweep_;
};

}  // namespace aegis::http
