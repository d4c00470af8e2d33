#pragma once
// A DNS lookup the caller can stop waiting for. getaddrinfo cannot be
// interrupted, and Asio's resolver waits for it too (its destructor joins
// the thread it runs on), so a gateway whose DNS server does not answer
// would hold a copilot worker, and a daemon that is stopping, for as long
// as the system's resolver keeps retrying. Here the lookup runs on a thread
// of its own, left to finish by itself, and the caller waits only until its
// deadline or its stop request.
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

namespace aegis::llm {

struct LookupResult {
  boost::system::error_code error;
  boost::asio::ip::tcp::resolver::results_type addresses;
};

// A blocking lookup: the system's resolver, or a stand-in in tests.
using BlockingLookup = std::function<LookupResult(const std::string& host, const std::string& port)>;

LookupResult system_lookup(const std::string& host, const std::string& port);

// The lookup's result, or nullopt when `deadline` passed or `stop` was
// requested first (the caller tells which from `stop`).
std::optional<LookupResult> lookup_host(const std::string& host, const std::string& port,
                                        std::chrono::steady_clock::time_point deadline, std::stop_token stop,
                                        const BlockingLookup& lookup = system_lookup);

}  // namespace aegis::llm
