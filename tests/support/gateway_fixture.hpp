#pragma once
// An in-process gateway on a free loopback port with its own data folder,
// for tests of the REST endpoints over real HTTP.
#include <functional>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/gateway/gateway.hpp"
#include "tests/support/temp_dir.hpp"

namespace aegis::test {

class GatewayFixture {
 public:
  // `prepare` runs against the gateway's database before the gateway starts
  // (to install models and telemetry the way an operator would have).
  explicit GatewayFixture(
      const std::function<void(store::Database&, models::ModelRegistry&)>& prepare = nullptr,
      const std::function<void(config::Config&)>& configure = nullptr);
  unsigned short port() const { return gateway_->http_port(); }
  const TempDir& dir() const { return dir_; }
  config::Config& config() { return config_; }
  // What SIGTERM does; the destructor then has nothing left to stop.
  void stop() { gateway_->stop(); }

 private:
  TempDir dir_;
  config::Config config_;
  std::unique_ptr<gateway::Gateway> gateway_;
};

}  // namespace aegis::test
