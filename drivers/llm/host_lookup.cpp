#include "drivers/llm/host_lookup.hpp"

#include <boost/asio/io_context.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace aegis::llm {

LookupResult system_lookup(const std::string& host, const std::string& port) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::resolver resolver(ioc);
  LookupResult result;
  result.addresses = resolver.resolve(host, port, result.error);
  return result;
}

std::optional<LookupResult> lookup_host(const std::string& host, const std::string& port,
                                        std::chrono::steady_clock::time_point deadline, std::stop_token stop,
                                        const BlockingLookup& lookup) {
  // Shared with the lookup's thread, which may outlive this call.
  struct Pending {
    std::mutex mutex;
    std::condition_variable_any done_cv;
    std::optional<LookupResult> result;
  };
  auto pending = std::make_shared<Pending>();
  std::thread([pending, lookup, host, port] {
    LookupResult result = lookup(host, port);
    std::lock_guard lock(pending->mutex);
    pending->result = std::move(result);
    pending->done_cv.notify_all();
  }).detach();

  std::unique_lock lock(pending->mutex);
  pending->done_cv.wait_until(lock, stop, deadline, [&] { return pending->result.has_value(); });
  return pending->result;
}

}  // namespace aegis::llm
