#include "daemon/routes/retrain_routes.hpp"

#include "daemon/routes/request_fields.hpp"

namespace aegis::routes {
namespace {

constexpr const char* kModelTypeMessage = "model_type must be \"classification\" or \"forecast\"";
constexpr int kMaxSampleLimit = 100000000;

bool flag_field(const nlohmann::json& body, const std::string& name, bool fallback) {
  if (!body.contains(name) || body.at(name).is_null()) return fallback;
  if (!body.at(name).is_boolean()) throw http::ApiError(http::Status::bad_request, name + " must be true or false");
  return body.at(name).get<bool>();
}

std::string model_type_of(training::Task task) { return task == training::Task::rul ? "forecast" : "classification"; }

retraining::RetrainRequest read_request(const gateway::GatewayContext& context, const nlohmann::json& body) {
  const auto model_type = body.contains("model_type") && body.at("model_type").is_string()
                              ? body.at("model_type").get<std::string>()
                              : std::string();
  retraining::RetrainRequest request;
  if (model_type == "classification") {
    request.task = training::Task::classification;
    request.model_name = context.config.models.classifier;
  } else if (model_type == "forecast") {
    request.task = training::Task::rul;
    request.model_name = context.config.models.regressor;
  } else {
    throw http::ApiError(http::Status::bad_request, kModelTypeMessage);
  }
  if (const auto name = text_field(body, "model_name"); name && *name != request.model_name) {
    // Another model than the configured one must exist: a typo would
    // otherwise train and promote a new model under the misspelt name.
    request.model_name = *name;
    request.new_model_allowed = false;
  }
  request.incremental = flag_field(body, "incremental", true);
  request.force = flag_field(body, "force", false);
  if (body.contains("sample_limit") && !body.at("sample_limit").is_null()) {
    request.sample_limit = static_cast<std::size_t>(integer_field(body, "sample_limit", 0, 1, kMaxSampleLimit));
  }
  return request;
}

nlohmann::json job_json(const retraining::RetrainJob& job) {
  auto when = [](const std::optional<time::Millis>& instant) {
    return instant ? nlohmann::json(time::format_iso8601(*instant)) : nlohmann::json();
  };
  return {{"job_id", job.id},
          {"status", retraining::status_name(job.status)},
          {"trigger", job.trigger},
          {"model_name", job.request.model_name},
          {"model_type", model_type_of(job.request.task)},
          {"incremental", job.request.incremental},
          {"force", job.request.force},
          {"submitted_at", time::format_iso8601(job.submitted_at)},
          {"started_at", when(job.started_at)},
          {"finished_at", when(job.finished_at)},
          {"result", job.outcome ? job.outcome->to_json() : nlohmann::json()},
          {"error", job.error.empty() ? nlohmann::json() : nlohmann::json(job.error)}};
}

std::string submit(gateway::GatewayContext& context, retraining::RetrainRequest request) {
  try {
    return context.retrain_jobs.submit(std::move(request));
  } catch (const retraining::RetrainBusy& e) {
    throw http::ApiError(http::Status::conflict, e.what());
  } catch (const retraining::RetrainRejected& e) {
    throw http::ApiError(http::Status::bad_request, e.what());
  } catch (const models::ModelUnavailable& e) {
    throw http::ApiError(http::Status::not_found, e.what());
  }
}

http::ApiResponse run(gateway::GatewayContext& context, const http::ApiRequest& http_request) {
  const auto& body = required_body(http_request.json);
  auto request = read_request(context, body);
  const bool async = flag_field(body, "async", false);
  const std::string id = submit(context, std::move(request));
  if (async) {
    auto accepted = job_json(*context.retrain_jobs.find(id));
    accepted["status_url"] = "/retrain/jobs/" + id;
    return http::ApiResponse::ok(accepted, http::Status::accepted);
  }
  // The request thread only waits: the work runs on the retraining thread.
  const auto job = context.retrain_jobs.wait(id);
  if (!job.outcome) {
    if (job.rejected) throw http::ApiError(http::Status::bad_request, job.error);
    throw std::runtime_error("retrain job " + id + " failed: " + job.error);  // a generic 500; details in the log
  }
  auto result = job.outcome->to_json();
  result["job_id"] = id;
  return http::ApiResponse::ok(result);
}

}  // namespace

void add_retrain_routes(http::Router& router, gateway::GatewayContext& context) {
  router.add(http::Verb::post, "/retrain/run", http::Scope::admin,
             [&context](const http::ApiRequest& request) { return run(context, request); });
  router.add(http::Verb::get, "/retrain/jobs/{job_id}", http::Scope::read, [&context](const http::ApiRequest& request) {
    const auto& id = request.path_params.at("job_id");
    const auto job = context.retrain_jobs.find(id);
    if (!job) throw http::ApiError(http::Status::not_found, "Retrain job not found: " + id);
    return http::ApiResponse::ok(job_json(*job));
  });
}

}  // namespace aegis::routes
