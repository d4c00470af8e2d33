#include "tests/support/gateway_fixture.hpp"

#include "tests/support/http_client.hpp"

namespace aegis::test {

GatewayFixture::GatewayFixture(const std::function<void(store::Database&, models::ModelRegistry&)>& prepare,
                               const std::function<void(config::Config&)>& configure) {
  config_.http.listen = "127.0.0.1:" + std::to_string(free_port());
  config_.storage.data_dir = (dir_ / "data").string();
  config_.logging.level = "warn";
  if (configure) configure(config_);
  if (prepare) {
    store::Database database({.path = config_.database_path()});
    models::ModelRegistry registry(database, config_.artifact_dir());
    prepare(database, registry);
  }
  gateway_ = std::make_unique<gateway::Gateway>(config_);
  gateway_->start();
}

}  // namespace aegis::test
