#include "host/pipeline/run_command.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "host/errors.hpp"
#include "host/output/atomic_file.hpp"
#include "host/output/result_files.hpp"

namespace ps {

namespace fs = std::filesystem;

namespace {

struct PreparedRun {
  Config config;
  std::map<std::string, CsvTable> tables;  // by data path
  std::vector<std::unique_ptr<PreparedAnalysis>> analyses;
};

PreparedRun prepare_run(const std::string& config_path) {
  PreparedRun run;
  run.config = load_config(config_path);
  for (const auto& a : run.config.analyses) {
    if (!a.needs_data()) continue;
    const std::string path = a.data_path.value_or(run.config.data_path);
    if (!run.tables.count(path)) run.tables.emplace(path, read_csv(path));
  }
  for (const auto& a : run.config.analyses) {
    const CsvTable* table = a.needs_data() ? &run.tables.at(a.data_path.value_or(run.config.data_path)) : nullptr;
    run.analyses.push_back(prepare_analysis(a, table, run.config.missing));
  }
  return run;
}

void print_warnings(const std::vector<AnalysisResult>& results) {
  for (const auto& r : results) {
    const size_t shown = std::min<size_t>(r.warnings.size(), 10);
    for (size_t i = 0; i < shown; ++i) fmt::print(stderr, "warning: [{}] {}\n", r.config->name, r.warnings[i]);
    if (r.warnings.size() > shown)
      fmt::print(stderr, "warning: [{}] ... and {} more (see run.json)\n", r.config->name, r.warnings.size() - shown);
  }
}

nlohmann::json run_json(const PreparedRun& run, const std::vector<AnalysisResult>& results, const RunOptions& options,
                        const SweepBackend& backend, uint64_t seed, double seconds_total) {
  nlohmann::json analyses = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json counts = r.counts;
    counts["coefficients"] = r.term_names.size();
    counts["priors_in_grid"] = r.grid.points.size();
    counts["priors_run"] = r.priors.size();
    counts["dropped_rows"] = r.dropped_lines.size();
    counts["chain_steps"] = r.chain_steps;
    analyses.push_back({{"name", r.config->name},
                        {"model", r.config->model},
                        {"counts", counts},
                        {"dropped_lines", r.dropped_lines},
                        {"timings_s", {{"prepare", r.seconds_prepare}, {"sample", r.seconds_sample},
                                       {"summarize", r.seconds_summarize}}},
                        {"chain_steps_per_s", r.seconds_sample > 0 ? r.chain_steps / r.seconds_sample : 0.0},
                        {"layout", r.layout},
                        {"warnings", r.warnings}});
  }
  nlohmann::json resolved = run.config.resolved;
  resolved["seed"] = seed;
  return {{"version", PRIORSWEEP_VERSION},
          {"config_path", run.config.path},
          {"config", resolved},
          {"seed", seed},
          {"backend", backend.name()},
          {"device", backend.device()},
          {"shard", fmt::format("{}/{}", options.shard.index, options.shard.count)},
          {"timings_s", {{"total", seconds_total}}},
          {"analyses", analyses}};
}

}  // namespace

Shard parse_shard(const std::string& text) {
  Shard s;
  int k = 0, n = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n)
    throw InputError(fmt::format("--shard: found '{}'; expected K/N with 1 <= K <= N", text));
  s.index = k;
  s.count = n;
  return s;
}

void run_command(const RunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  PreparedRun run = prepare_run(options.config_path);
  if (fs::exists(options.out_dir) && !fs::is_directory(options.out_dir))
    throw InputError(fmt::format("--out {}: exists and is not a folder; expected a folder for the results", options.out_dir));
  const uint64_t seed = options.seed.value_or(run.config.seed);
  auto backend =
      make_backend(options.backend.value_or(run.config.backend), options.threads, options.gpu_lanes_per_chain);
  if (!options.quiet) fmt::print(stderr, "priorsweep: backend {} ({})\n", backend->name(), backend->device());

  SamplingSettings settings;
  settings.seed = seed;
  settings.chains = run.config.chains;
  settings.warmup = run.config.warmup;
  settings.draws = run.config.draws;
  settings.thin = run.config.thin;
  settings.target_accept = run.config.target_accept;
  settings.levels = run.config.levels;
  settings.shard = options.shard;
  settings.threads = options.threads;

  Progress progress(options.quiet);
  std::vector<AnalysisResult> results;
  for (const auto& prepared : run.analyses) {
    SamplingSettings own = settings;  // the analysis's own lengths (the run's unless it sets them)
    own.warmup = prepared->config().warmup;
    own.draws = prepared->config().draws;
    own.thin = prepared->config().thin;
    results.push_back(prepared->run(own, *backend, progress));
  }

  fs::create_directories(options.out_dir);
  nlohmann::json summary{{"version", PRIORSWEEP_VERSION}, {"seed", seed}, {"analyses", nlohmann::json::array()}};
  for (const auto& r : results) {
    const fs::path dir = fs::path(options.out_dir) / r.config->name;
    fs::create_directories(dir);
    if (r.config->bayesian()) write_file_atomically((dir / "summary.csv").string(), summary_csv(r, run.config.levels));
    write_file_atomically((dir / "frequentist.csv").string(), frequentist_csv(r));
    for (const auto& [file, text] : r.extra_files) write_file_atomically((dir / file).string(), text);
    summary["analyses"].push_back(analysis_json(r, run.config.levels));
  }
  write_file_atomically((fs::path(options.out_dir) / "summary.json").string(), summary.dump(2) + "\n");
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_file_atomically((fs::path(options.out_dir) / "run.json").string(),
                        run_json(run, results, options, *backend, seed, total).dump(2) + "\n");
  print_warnings(results);
  if (!options.quiet) fmt::print(stderr, "priorsweep: results in {} ({:.1f} s)\n", options.out_dir, total);
}

void validate_command(const std::string& config_path) {
  const PreparedRun run = prepare_run(config_path);
  fmt::print("{}: valid\n", config_path);
  for (const auto& p : run.analyses)
    fmt::print("  analysis '{}' (model {}): {}\n", p->config().name, p->config().model, p->describe());
}

}  // namespace ps
