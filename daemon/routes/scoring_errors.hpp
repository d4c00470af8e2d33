#pragma once
// Scoring failures as the API reports them: an unknown or unusable model and
// a unit without telemetry are 404s with the seed's messages; a model of the
// wrong task for the endpoint is a 400 naming model_name.
#include <utility>

#include "daemon/http/api_types.hpp"
#include "engine/models/model_registry.hpp"
#include "engine/scoring/predictor.hpp"

namespace aegis::routes {

template <class Work>
void with_scoring_errors(Work&& work) {
  try {
    std::forward<Work>(work)();
  } catch (const models::ModelUnavailable& e) {
    throw http::ApiError(http::Status::not_found, e.what());
  } catch (const scoring::NoTelemetry& e) {
    throw http::ApiError(http::Status::not_found, e.what());
  } catch (const scoring::WrongModelTask& e) {
    throw http::ApiError(http::Status::bad_request, e.what());
  }
}

}  // namespace aegis::routes
