#pragma once
// The copilot's tools, one layer for every provider and for the
// /copilot/tools/* endpoints: what each tool is called, what it takes (the
// seed's declarations), and running it on the same engine code as the REST
// endpoints. A tool's JSON result is what the model reads.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/copilot/chat_types.hpp"
#include "engine/planning/maintenance_planner.hpp"
#include "engine/planning/maintenance_store.hpp"
#include "engine/planning/plan_request_json.hpp"
#include "engine/profiles/profile_catalog.hpp"
#include "engine/scoring/predictor.hpp"
#include "engine/store/database.hpp"
#include "engine/streaming/stream_scorer.hpp"

namespace aegis::copilot {

// Why a tool could not run: bad arguments (400 on the endpoints) or an
// unknown unit or model (404).
class ToolError : public std::runtime_error {
 public:
  enum class Kind { invalid_arguments, not_found };
  ToolError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// A function the model may call: name, what it does, its parameters as a
// JSON schema (the subset Gemini and OpenAI both read).
struct ToolDeclaration {
  std::string name;
  std::string description;
  nlohmann::json parameters;
};

// The tools' names, as declared.
namespace tool_names {
inline constexpr const char* kPredictFailure = "predict_failure";
inline constexpr const char* kPredictRul = "predict_rul";
inline constexpr const char* kOptimizeSchedule = "optimize_schedule";
inline constexpr const char* kListUnits = "list_units";
inline constexpr const char* kFleetRiskSummary = "fleet_risk_summary";
inline constexpr const char* kOpenMaintenanceJobs = "list_open_maintenance_jobs";
inline constexpr const char* kMaintenanceHistory = "maintenance_history";
}  // namespace tool_names

struct ToolDependencies {
  scoring::Predictor& predictor;
  planning::MaintenancePlanner& planner;
  planning::MaintenanceStore& maintenance;
  store::Database& database;
  const profiles::ProfileCatalog& profiles;
  const streaming::StreamScorer& scorer;
  std::string classifier;  // default model names
  std::string regressor;
  planning::PlanDefaults plan_defaults;
};

// A failure probability at or above this, or a RUL at or below
// scoring::kCriticalRulHours, puts a unit at risk in the fleet tools (the
// optimizer's default threshold).
inline constexpr double kRiskThreshold = 0.7;

class CopilotTools {
 public:
  explicit CopilotTools(ToolDependencies dependencies) : deps_(std::move(dependencies)) {}

  static const std::vector<ToolDeclaration>& declarations();

  // Runs one tool; throws ToolError (optimize_schedule stores the jobs it
  // plans).
  nlohmann::json run(const std::string& name, const nlohmann::json& arguments);

  // Runs one call of a model; never throws: a failure is a result with
  // success false and the reason.
  ToolResult execute(const ToolCall& call);

  // Units with telemetry, by product then unit (to find a unit's product).
  std::vector<telemetry::UnitKey> known_units() const;

 private:
  nlohmann::json predict_failure(const nlohmann::json& arguments);
  nlohmann::json predict_rul(const nlohmann::json& arguments);
  nlohmann::json optimize_schedule(const nlohmann::json& arguments);
  nlohmann::json list_units(const nlohmann::json& arguments) const;
  nlohmann::json fleet_risk_summary(const nlohmann::json& arguments) const;
  nlohmann::json open_maintenance_jobs(const nlohmann::json& arguments) const;
  nlohmann::json maintenance_history(const nlohmann::json& arguments) const;

  ToolDependencies deps_;
};

}  // namespace aegis::copilot
