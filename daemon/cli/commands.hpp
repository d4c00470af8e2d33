#pragma once
// One function per sub-command; cli.cpp parses the command line and calls
// them. Each returns the process exit code.
#include <cstdint>
#include <string>
#include <vector>

namespace aegis::cli {

int serve_command(const std::string& config_path);
int check_config_command(const std::string& config_path);

struct TrainArguments {
  std::string profile = "ai4i";
  std::string task;
  std::string data;
  std::string out;
  std::string name;  // default: the configured name for the task
  std::vector<std::string> params;  // KEY=VALUE XGBoost parameters
  int rounds = 0;
  int threads = 2;
  std::uint64_t seed = 42;
  std::size_t stride = 1;
  std::string held_out;  // CSV of the held-out rows' labels and predictions
  bool install = false;  // install and promote into the configured registry
  std::string config_path;
};
int train_command(const TrainArguments& args);

struct EvalArguments {
  std::string profile = "ai4i";
  std::string task;
  std::string model_dir;
  std::string data;
  std::string truth;
};
int eval_command(const EvalArguments& args);

struct SimulateArguments {
  std::uint64_t seed = 42;
  std::size_t machines = 400;
  std::size_t snapshots = 10000;
  int min_steps = 60;  // hourly steps per machine, drawn in [min_steps, max_steps]
  int max_steps = 120;
  std::string out_dir;
  bool load = false;  // load the time series into the configured database
  std::string config_path;
};
int simulate_command(const SimulateArguments& args);

struct ReplayArguments {
  std::string data;
  std::string profile = "ai4i";
  std::string broker = "tcp://127.0.0.1:1883";
  std::string topic_prefix = "aegis";
  std::string client_id = "aegis-replay";
  double rate = 0;  // messages per second; 0 = as fast as the broker acknowledges
};
int replay_command(const ReplayArguments& args);

struct ImportModelArguments {
  std::string name;
  std::string task;
  std::string profile = "ai4i";
  std::string model;     // the model file (JSON or UBJSON)
  std::string features;  // "a,b,..." in model input order; empty: from the file or the profile
  bool promote = false;
  std::string config_path;
};
int import_model_command(const ImportModelArguments& args);

struct ImportTelemetryArguments {
  std::string from;  // the seed's SQLite database file or a CSV of its telemetry columns
  std::size_t batch = 5000;
  std::string config_path;
};
int import_telemetry_command(const ImportTelemetryArguments& args);

}  // namespace aegis::cli
