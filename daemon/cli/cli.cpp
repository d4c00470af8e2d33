#include "daemon/cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "daemon/cli/commands.hpp"
#include "daemon/cli/exit_codes.hpp"

namespace aegis::cli {

int run(int argc, char** argv) {
  CLI::App app{"aegisd - AEGIS edge gateway daemon: MQTT telemetry, on-device XGBoost scoring, local REST API"};
  app.fallthrough();  // options of the main command may follow a sub-command
  std::string config_path = "/etc/aegis/aegisd.yaml";
  app.add_option("-c,--config", config_path, "configuration file")->capture_default_str();

  auto* serve = app.add_subcommand("serve", "run the daemon (the default)");
  auto* check = app.add_subcommand("check-config", "validate the configuration and print it, secrets redacted");
  auto* version = app.add_subcommand("version", "print the version");

  TrainArguments train_args;
  auto* train = app.add_subcommand("train", "train a model on the device and print its held-out metrics as JSON");
  train->add_option("--profile", train_args.profile, "sensor profile (ai4i, turbofan)")->capture_default_str();
  train->add_option("--task", train_args.task, "classification, failure_mode or rul")->required();
  train->add_option("--data", train_args.data, "AI4I CSV, time-series CSV or C-MAPSS text file")->required();
  train->add_option("--out", train_args.out, "write model.ubj and sidecar.json into this folder");
  train->add_flag("--install", train_args.install, "install and promote into the configured registry");
  train->add_option("--name", train_args.name, "model name (default: the configured name for the task)");
  train->add_option("--param", train_args.params, "XGBoost parameter KEY=VALUE (repeatable)");
  train->add_option("--rounds", train_args.rounds, "boosting rounds (default: the task's)");
  train->add_option("--threads", train_args.threads, "training threads")->capture_default_str();
  train->add_option("--seed", train_args.seed, "seed of the held-out split")->capture_default_str();
  train->add_option("--stride", train_args.stride, "one window every N rows of a unit")->capture_default_str();
  train->add_option("--held-out", train_args.held_out,
                    "also write the held-out rows' unit, label and prediction to this CSV file");

  EvalArguments eval_args;
  auto* eval = app.add_subcommand("eval", "score a data set with a model folder and print metrics as JSON");
  eval->add_option("--profile", eval_args.profile, "sensor profile (ai4i, turbofan)")->capture_default_str();
  eval->add_option("--task", eval_args.task, "classification, failure_mode or rul")->required();
  eval->add_option("--model", eval_args.model_dir, "folder holding sidecar.json and the model file")->required();
  eval->add_option("--data", eval_args.data, "data file")->required();
  eval->add_option("--truth", eval_args.truth, "C-MAPSS RUL file: score each engine's last cycle against it");

  SimulateArguments simulate_args;
  auto* simulate = app.add_subcommand("simulate", "generate AI4I-style machines (deterministic for a seed)");
  simulate->add_option("--seed", simulate_args.seed, "random seed")->capture_default_str();
  simulate->add_option("--machines", simulate_args.machines, "machines in the time series")->capture_default_str();
  simulate->add_option("--snapshots", simulate_args.snapshots, "rows of the AI4I-layout snapshot file")
      ->capture_default_str();
  simulate->add_option("--min-steps", simulate_args.min_steps, "fewest hourly steps of a machine")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  simulate->add_option("--max-steps", simulate_args.max_steps, "most hourly steps of a machine")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  simulate->add_option("--out-dir", simulate_args.out_dir, "write timeseries.csv and snapshots.csv here");
  simulate->add_flag("--load", simulate_args.load, "load the time series into the configured database");

  ReplayArguments replay_args;
  auto* replay = app.add_subcommand("replay", "publish a data set as a live MQTT feed (QoS 1)");
  replay->add_option("--data", replay_args.data, "time-series CSV, AI4I CSV or C-MAPSS text file")->required();
  replay->add_option("--profile", replay_args.profile, "sensor profile (ai4i, turbofan)")->capture_default_str();
  replay->add_option("--broker", replay_args.broker, "broker URI")->capture_default_str();
  replay->add_option("--rate", replay_args.rate, "messages per second (0: as fast as possible)")->capture_default_str();
  replay->add_option("--topic-prefix", replay_args.topic_prefix, "topic prefix")->capture_default_str();
  replay->add_option("--client-id", replay_args.client_id, "MQTT client id")->capture_default_str();

  ImportModelArguments import_model_args;
  auto* import_model = app.add_subcommand("import-model", "install an XGBoost model file trained elsewhere");
  import_model->add_option("--name", import_model_args.name, "model name (e.g. xgb_classifier)")->required();
  import_model->add_option("--task", import_model_args.task, "classification, failure_mode or rul")->required();
  import_model->add_option("--profile", import_model_args.profile, "sensor profile (ai4i, turbofan)")
      ->capture_default_str();
  import_model->add_option("--model", import_model_args.model, "XGBoost JSON or UBJSON model file")->required();
  import_model->add_option("--features", import_model_args.features,
                           "feature names in input order, comma-separated (default: from the file, else the profile)");
  import_model->add_flag("--promote", import_model_args.promote, "serve it under its name at once");

  ImportTelemetryArguments import_telemetry_args;
  auto* import_telemetry = app.add_subcommand("import-telemetry", "import the seed backend's telemetry");
  import_telemetry->add_option("--from", import_telemetry_args.from, "the seed's SQLite database or a CSV export")
      ->required();
  import_telemetry->add_option("--batch", import_telemetry_args.batch, "rows per transaction")->capture_default_str();
  app.require_subcommand(0, 1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "aegisd: " << e.what() << " (see aegisd --help)\n";
    return kExitUsage;
  }

  if (*version) {
    std::cout << "aegisd " << AEGIS_VERSION << "\n";
    return kExitOk;
  }
  if (*check) return check_config_command(config_path);
  if (*train) {
    train_args.config_path = config_path;
    return train_command(train_args);
  }
  if (*eval) return eval_command(eval_args);
  if (*replay) return replay_command(replay_args);
  if (*simulate) {
    simulate_args.config_path = config_path;
    return simulate_command(simulate_args);
  }
  if (*import_model) {
    import_model_args.config_path = config_path;
    return import_model_command(import_model_args);
  }
  if (*import_telemetry) {
    import_telemetry_args.config_path = config_path;
    return import_telemetry_command(import_telemetry_args);
  }
  (void)serve;
  return serve_command(config_path);
}

}  // namespace aegis::cli
