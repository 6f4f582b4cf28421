// priorsweep command line (DESIGN.md "CLI"). Exit codes: 0 success, 2 bad
// input (config, data, arguments), 1 runtime failure.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "host/backend/gpu_backend.hpp"
#include "host/errors.hpp"
#include "host/output/atomic_file.hpp"
#include "host/pipeline/interruption.hpp"
#include "host/pipeline/merge_command.hpp"
#include "host/report/report.hpp"
#include "host/pipeline/run_command.hpp"
#include "host/sim/simulate_trial.hpp"

namespace {

// Readable range checks (CLI11's own print the full double range).
const CLI::Validator kPositive(
    [](std::string& v) {
      try {
        return std::stod(v) > 0 ? std::string() : "found " + v + "; expected a positive number";
      } catch (...) {
        return "found '" + v + "'; expected a positive number";
      }
    },
    "POSITIVE");
const CLI::Validator kNonNegative(
    [](std::string& v) {
      try {
        return std::stod(v) >= 0 ? std::string() : "found " + v + "; expected a number >= 0";
      } catch (...) {
        return "found '" + v + "'; expected a number >= 0";
      }
    },
    "NON-NEGATIVE");
const CLI::Validator kSeed(
    [](std::string& v) {
      const bool digits = !v.empty() && v.size() <= 19 && v.find_first_not_of("0123456789") == std::string::npos;
      return digits ? std::string() : "found '" + v + "'; expected an integer from 0 to 9223372036854775807";
    },
    "SEED");

int main_checked(int argc, char** argv) {
  CLI::App app{"priorsweep: Bayesian analyses of randomised trials over a whole grid of priors"};
  app.set_version_flag("--version", std::string("priorsweep ") + PRIORSWEEP_VERSION);
  app.require_subcommand(1);

  ps::RunOptions run;
  std::string backend, shard = "1/1";
  uint64_t seed = 0;
  CLI::App* run_cmd = app.add_subcommand("run", "Run every analysis of a config over its prior grid");
  run_cmd->add_option("config", run.config_path, "Configuration file (TOML)")->required();
  run_cmd->add_option("--out", run.out_dir, "Results folder")->capture_default_str();
  auto* backend_opt = run_cmd->add_option("--backend", backend, "auto, cpu or gpu (overrides the config)")
                          ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
  auto* seed_opt = run_cmd->add_option("--seed", seed, "Random seed (overrides the config)")->check(kSeed);
  run_cmd->add_option("--threads", run.threads, "CPU threads (0: all)")->check(kNonNegative);
  run_cmd->add_option("--shard", shard, "Run shard K of N of every prior grid (K/N)")->capture_default_str();
  run_cmd->add_flag("--quiet", run.quiet, "No progress or warnings on stderr (they stay in run.json)");
  run_cmd->add_flag("--resume", run.resume,
                    "Finish an interrupted run of the same command from the checkpoint in --out");
  std::string devices = "all";
  run_cmd->add_option("--devices", devices, "CUDA devices sharing the sweep: all, or ordinals such as 0,1")
      ->capture_default_str();
  run_cmd
      ->add_option("--gpu-lanes", run.gpu_lanes_per_chain,
                   "GPU lanes per chain: 0 chooses by the sweep's shape; 1, 2, 4, ..., 1024 forces a layout")
      ->check(CLI::IsMember({0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}))
      ->capture_default_str();

  std::vector<std::string> merge_dirs;
  std::string merge_out;
  CLI::App* merge_cmd = app.add_subcommand("merge", "Combine the result folders of a sweep's shards into one");
  merge_cmd->add_option("dirs", merge_dirs, "Result folders of `run --shard K/N`, one per shard")->required();
  merge_cmd->add_option("--out", merge_out, "Folder for the merged results")->required();

  std::string report_dir, report_out;
  CLI::App* report_cmd = app.add_subcommand("report", "Write DIR/report.html: figures and diagnostics of a results folder");
  report_cmd->add_option("dir", report_dir, "Results folder of a run or a merge")->required();
  report_cmd->add_option("--out", report_out, "HTML file to write (default DIR/report.html)");

  std::string validate_path;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a config and its data without running");
  validate_cmd->add_option("config", validate_path, "Configuration file (TOML)")->required();

  ps::TrialSimulation sim;
  std::string sim_out;
  CLI::App* sim_cmd = app.add_subcommand("simulate", "Write a synthetic two-arm time-to-event trial as CSV");
  sim_cmd->add_option("--out", sim_out, "CSV file to write (default: stdout)");
  sim_cmd->add_option("--n-treatment", sim.n_treatment, "Patients in the treatment arm")->capture_default_str()->check(kPositive);
  sim_cmd->add_option("--n-control", sim.n_control, "Patients in the control arm")->capture_default_str()->check(kPositive);
  sim_cmd->add_option("--hr", sim.hazard_ratio, "True treatment hazard ratio")->capture_default_str()->check(kPositive);
  sim_cmd->add_option("--centres", sim.centres, "Number of centres")->capture_default_str()->check(kPositive);
  sim_cmd->add_option("--centre-sd", sim.centre_sd, "SD of the centre log-hazard frailty")->capture_default_str()->check(kNonNegative);
  sim_cmd->add_option("--age-mean", sim.age_mean, "Mean age")->capture_default_str();
  sim_cmd->add_option("--age-sd", sim.age_sd, "SD of age")->capture_default_str()->check(kNonNegative);
  sim_cmd->add_option("--age-hr-per-10y", sim.age_hr_per_10y, "Hazard ratio per 10 years of age")->capture_default_str()->check(kPositive);
  sim_cmd->add_option("--extra-covariates", sim.extra_covariates,
                      "Extra numeric covariates x1..xK ~ N(0, 1), written after age")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  sim_cmd->add_option("--extra-covariate-hr", sim.extra_covariate_hr,
                      "Hazard ratio per unit (= per SD) of each extra covariate")
      ->capture_default_str()
      ->check(kPositive);
  sim_cmd->add_option("--control-risk", sim.control_risk, "Control-arm risk of the event by the end of follow-up")->capture_default_str()->check(CLI::Range(0.001, 0.999));
  sim_cmd->add_option("--follow-up", sim.follow_up, "Follow-up in days (administrative censoring)")->capture_default_str()->check(kPositive);
  sim_cmd->add_option("--dropout-rate", sim.dropout_rate, "Dropout hazard per day")->capture_default_str()->check(kNonNegative);
  sim_cmd->add_flag("!--continuous", sim.whole_days, "Continuous times instead of whole days");
  sim_cmd->add_flag("--who-scores", sim.who_scores,
                    "Append daily WHO Clinical Progression Scale scores who_d1..who_dD (D = follow-up in whole days), "
                    "coherent with each patient's time and event");
  sim_cmd->add_option("--seed", sim.seed, "Random seed")->capture_default_str()->check(kSeed);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "error: {} (see --help)\n", e.what());
    return 2;
  }

  if (*run_cmd) {
    if (*backend_opt) run.backend = backend;
    if (*seed_opt) run.seed = seed;
    run.shard = ps::parse_shard(shard);
    try {
      run.gpu_devices = ps::parse_device_list(devices);
    } catch (const std::invalid_argument& e) {
      throw ps::InputError(e.what());
    }
    ps::run_command(run);
  } else if (*report_cmd) {
    ps::report_command(report_dir, report_out);
  } else if (*merge_cmd) {
    ps::merge_command(merge_dirs, merge_out);
  } else if (*validate_cmd) {
    ps::validate_command(validate_path);
  } else if (*sim_cmd) {
    const std::string csv = ps::simulate_trial_csv(sim);
    if (sim_out.empty()) {
      std::fwrite(csv.data(), 1, csv.size(), stdout);
    } else {
      ps::write_file_atomically(sim_out, csv);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return main_checked(argc, argv);
  } catch (const ps::InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const ps::Interrupted& e) {
    // The shell's convention for a process ended by a signal.
    fmt::print(stderr, "priorsweep: {}; rerun the same command with --resume to finish\n", e.what());
    return 128 + e.signal_number();
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
}
