#include "host/pipeline/run_command.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <fmt/format.h>
#include <map>

#include "host/errors.hpp"
#include "host/output/atomic_file.hpp"
#include "host/output/checkpoint.hpp"
#include "host/output/draws_netcdf.hpp"
#include "host/output/result_files.hpp"
#include "host/pipeline/interruption.hpp"

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

// FNV-1a (64 bit) of a file's bytes: enough to tell two inputs apart.
std::string file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint64_t h = 0xcbf29ce484222325ull;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buffer[i]);
      h *= 0x100000001b3ull;
    }
  }
  return fmt::format("{:016x}", h);
}

// The data files a run reads, with their digests: two runs of the same
// config on different data must not be mixed by --resume or merge.
nlohmann::json input_digests(const PreparedRun& run) {
  nlohmann::json inputs = nlohmann::json::object();
  for (const auto& [path, table] : run.tables) inputs[path] = file_digest(path);
  return inputs;
}

// What must match for results to be mixed: a resumed run with its
// checkpoint, shards with each other (merge).
nlohmann::json run_fingerprint(const PreparedRun& run, const RunOptions& options, const std::string& backend,
                               uint64_t seed) {
  nlohmann::json resolved = run.config.resolved;
  resolved["seed"] = seed;
  return {{"version", PRIORSWEEP_VERSION},
          {"config", resolved},
          {"inputs", input_digests(run)},
          {"seed", seed},
          {"shard", fmt::format("{}/{}", options.shard.index, options.shard.count)},
          {"backend", backend},
          {"gpu_lanes", options.gpu_lanes_per_chain}};
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
  nlohmann::json out = run_fingerprint(run, options, backend.name(), seed);
  out["config_path"] = run.config.path;
  out["device"] = backend.device();
  out["timings_s"] = {{"total", seconds_total}};
  out["analyses"] = analyses;
  return out;
}

// draws.nc of one analysis from the chunks of draws in the checkpoint.
void write_draws(const AnalysisResult& r, const Checkpoint& checkpoint, const std::string& path) {
  DrawsFileLayout layout;
  layout.analysis = r.config->name;
  layout.model = r.config->model;
  const size_t terms = r.priors.empty() ? 0 : r.priors.front().terms.size();
  for (size_t k = 0; k < terms; ++k) {
    std::string name = r.term_names[k];
    std::replace(name.begin(), name.end(), '/', '_');  // the one character a netCDF name cannot hold
    layout.term_names.push_back(name);
    layout.term_scales.push_back(r.scale_of(k));
  }
  layout.grid = &r.grid;
  for (const auto& p : r.priors) layout.prior_ids.push_back(p.prior_id);
  layout.chains = r.chains;
  layout.draws = r.kept_draws;
  write_draws_netcdf(path, layout, checkpoint.draw_files(r.config->name));
}

// --resume where the run had already finished: its run.json is there, its
// checkpoint gone. True when that run is this one (nothing left to do).
bool already_finished(const std::string& out_dir, const nlohmann::json& fingerprint) {
  const fs::path done = fs::path(out_dir) / "run.json";
  if (fs::exists(Checkpoint::folder(out_dir)) || !fs::exists(done)) return false;
  nlohmann::json earlier;
  try {
    std::ifstream in(done);
    earlier = nlohmann::json::parse(in);
  } catch (const std::exception&) {
    return false;
  }
  for (const auto& [key, value] : fingerprint.items())
    if (!earlier.contains(key) || earlier[key].dump() != nlohmann::json::parse(value.dump()).dump())
      throw InputError(fmt::format("{}: holds the results of another run ('{}' differs); expected the same command "
                                   "to resume, or another --out",
                                   done.string(), key));
  return true;
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
      make_backend(options.backend.value_or(run.config.backend), options.threads, options.gpu_lanes_per_chain,
                   options.gpu_devices);
  if (!options.quiet) fmt::print(stderr, "priorsweep: backend {} ({})\n", backend->name(), backend->device());
  const nlohmann::json fingerprint = run_fingerprint(run, options, backend->name(), seed);
  if (options.resume && already_finished(options.out_dir, fingerprint)) {
    if (!options.quiet) fmt::print(stderr, "priorsweep: {} already holds this run's results; nothing to resume\n", options.out_dir);
    return;
  }
  for (const auto& a : run.config.analyses) {
    std::string why_not;
    if (a.save_draws && !netcdf_available(&why_not))
      throw InputError(fmt::format("{}: analysis '{}': save_draws = true, but {}", run.config.path, a.name, why_not));
  }
  install_interruption_handlers();
  Checkpoint checkpoint(options.out_dir, fingerprint, options.resume);
  if (!options.quiet && options.resume)
    fmt::print(stderr, "{}\n",
               checkpoint.resumed()
                   ? fmt::format("priorsweep: resuming with {} finished priors from {}", checkpoint.resumed_priors(), options.out_dir)
                   : fmt::format("priorsweep: no checkpoint in {}; starting from the beginning", options.out_dir));

  SamplingSettings settings;
  settings.seed = seed;
  settings.chains = run.config.chains;
  settings.warmup = run.config.warmup;
  settings.draws = run.config.draws;
  settings.thin = run.config.thin;
  settings.target_accept = run.config.target_accept;
  settings.sampler = run.config.sampler;
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
    own.store = &checkpoint.analysis(prepared->config().name);
    results.push_back(prepared->run(own, *backend, progress));
  }

  nlohmann::json summary{{"version", PRIORSWEEP_VERSION}, {"seed", seed}, {"analyses", nlohmann::json::array()}};
  for (const auto& r : results) {
    const fs::path dir = fs::path(options.out_dir) / r.config->name;
    fs::create_directories(dir);
    if (r.config->bayesian()) write_file_atomically((dir / "summary.csv").string(), summary_csv(r, run.config.levels));
    write_file_atomically((dir / "frequentist.csv").string(), frequentist_csv(r));
    for (const auto& [file, text] : r.extra_files) write_file_atomically((dir / file).string(), text);
    if (r.config->save_draws) write_draws(r, checkpoint, (dir / "draws.nc").string());
    summary["analyses"].push_back(analysis_json(r, run.config.levels));
  }
  write_file_atomically((fs::path(options.out_dir) / "summary.json").string(), summary.dump(2) + "\n");
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json record = run_json(run, results, options, *backend, seed, total);
  if (checkpoint.resumed()) record["resumed_priors"] = checkpoint.resumed_priors();
  write_file_atomically((fs::path(options.out_dir) / "run.json").string(), record.dump(2) + "\n");
  checkpoint.remove();
  if (!options.quiet) print_warnings(results);
  if (!options.quiet) fmt::print(stderr, "priorsweep: results in {} ({:.1f} s)\n", options.out_dir, total);
}

void validate_command(const std::string& config_path) {
  const PreparedRun run = prepare_run(config_path);
  fmt::print("{}: valid\n", config_path);
  for (const auto& p : run.analyses)
    fmt::print("  analysis '{}' (model {}): {}\n", p->config().name, p->config().model, p->describe());
}

}  // namespace ps
