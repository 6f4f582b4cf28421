#include "host/pipeline/merge_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "host/errors.hpp"
#include "host/output/atomic_file.hpp"
#include "host/output/checkpoint.hpp"
#include "host/output/draws_netcdf.hpp"
#include "host/output/text_file.hpp"

namespace ps {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) { return read_text_file(path.string(), "a file of a finished shard"); }

nlohmann::json read_json(const fs::path& path) {
  try {
    return nlohmann::json::parse(read_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON ({}); expected a priorsweep result file", path.string(), e.what()));
  }
}

// The run.json fields that say which run a shard belongs to.
const std::vector<std::string> kSameRun = {"version", "seed", "inputs", "backend", "gpu_lanes", "config"};

struct ShardDir {
  fs::path dir;
  int index = 0, count = 0;
  nlohmann::json run;
};

ShardDir open_shard(const std::string& dir) {
  ShardDir s;
  s.dir = dir;
  if (!fs::is_directory(s.dir)) throw InputError(fmt::format("{}: no such folder; expected a shard's --out folder", dir));
  if (fs::exists(Checkpoint::folder(dir)))
    throw InputError(fmt::format("{}: an unfinished shard (its checkpoint is still there); expected a finished one: "
                                 "rerun it with --resume first",
                                 dir));
  s.run = read_json(s.dir / "run.json");
  const std::string shard = s.run.value("shard", "");
  char extra = 0;
  if (std::sscanf(shard.c_str(), "%d/%d%c", &s.index, &s.count, &extra) != 2 || s.index < 1 || s.index > s.count)
    throw InputError(fmt::format("{}: shard '{}' in run.json; expected K/N", (s.dir / "run.json").string(), shard));
  for (const auto& key : kSameRun)
    if (!s.run.contains(key))
      throw InputError(fmt::format("{}: no '{}'; expected the run.json of a priorsweep run", (s.dir / "run.json").string(), key));
  return s;
}

// Every shard from the same run, each shard 1..N once.
void check_shards(std::vector<ShardDir>& shards) {
  const ShardDir& first = shards.front();
  for (const ShardDir& s : shards) {
    for (const auto& key : kSameRun)
      if (s.run[key] != first.run[key])
        throw InputError(fmt::format("{}: '{}' differs from {}'s; expected shards of one run (same config, data, seed, "
                                     "backend and version)",
                                     s.dir.string(), key, first.dir.string()));
    if (s.count != first.count)
      throw InputError(fmt::format("{}: shard {}/{} next to {}'s {}/{}; expected shards of one split", s.dir.string(),
                                   s.index, s.count, first.dir.string(), first.index, first.count));
  }
  std::sort(shards.begin(), shards.end(), [](const ShardDir& a, const ShardDir& b) { return a.index < b.index; });
  for (size_t i = 1; i < shards.size(); ++i)
    if (shards[i].index == shards[i - 1].index)
      throw InputError(fmt::format("{}: shard {}/{} again (also {}); expected each shard once", shards[i].dir.string(),
                                   shards[i].index, shards[i].count, shards[i - 1].dir.string()));
  std::vector<int> missing;
  std::set<int> present;
  for (const ShardDir& s : shards) present.insert(s.index);
  for (int k = 1; k <= first.count; ++k)
    if (!present.count(k)) missing.push_back(k);
  if (!missing.empty())
    throw InputError(fmt::format("merge: shard{} {} of {} missing; expected all {} shards", missing.size() > 1 ? "s" : "",
                                 fmt::join(missing, ", "), first.count, first.count));
}

// summary.csv of one analysis: the header once, then every shard's rows in
// shard order, which must number the grid's priors 0 .. n - 1 in order.
std::string merge_summary_csv(const std::vector<ShardDir>& shards, const std::string& analysis, size_t priors_in_grid) {
  std::string header, out;
  size_t next_prior = 0;
  bool open_prior = false;  // rows of the prior next_prior - 1 may continue
  for (const ShardDir& s : shards) {
    const fs::path path = s.dir / analysis / "summary.csv";
    const std::string text = read_file(path);
    const size_t end_of_header = text.find('\n');
    if (end_of_header == std::string::npos) throw InputError(fmt::format("{}: no header line", path.string()));
    const std::string h = text.substr(0, end_of_header + 1);
    if (header.empty()) {
      header = h;
      out = h;
    } else if (h != header) {
      throw InputError(fmt::format("{}: its columns differ from the first shard's; expected one run's shards", path.string()));
    }
    std::istringstream rows(text.substr(end_of_header + 1));
    std::string row;
    int line = 1;
    while (std::getline(rows, row)) {
      ++line;
      size_t id = 0;
      try {
        id = std::stoul(row.substr(0, row.find(',')));
      } catch (const std::exception&) {
        throw InputError(fmt::format("{}:{}: no prior_id; expected a summary row", path.string(), line));
      }
      if (!(open_prior && id + 1 == next_prior)) {
        if (id != next_prior)
          throw InputError(fmt::format("{}:{}: prior {} where prior {} comes next; expected the shards to cover the "
                                       "grid in order",
                                       path.string(), line, id, next_prior));
        ++next_prior;
      }
      open_prior = true;
      out += row + "\n";
    }
    open_prior = false;  // a prior's rows never straddle two shards
  }
  if (next_prior != priors_in_grid)
    throw InputError(fmt::format("merge: analysis '{}' has rows for {} of its {} priors; expected every prior",
                                 analysis, next_prior, priors_in_grid));
  return out;
}

}  // namespace

void merge_command(const std::vector<std::string>& shard_dirs, const std::string& out_dir) {
  if (shard_dirs.empty()) throw InputError("merge: no shard folders; expected at least one");
  std::vector<ShardDir> shards;
  for (const auto& d : shard_dirs) {
    if (fs::exists(out_dir) && fs::exists(d) && fs::equivalent(d, out_dir))
      throw InputError(fmt::format("--out {}: one of the shards; expected a folder of its own", out_dir));
    shards.push_back(open_shard(d));
  }
  check_shards(shards);

  std::map<fs::path, std::string> merged;  // relative path -> content
  std::map<fs::path, std::vector<std::string>> draws_to_merge;  // output -> the shards' draws.nc
  std::string why_not;
  const nlohmann::json& first_run = shards.front().run;
  nlohmann::json summary = read_json(shards.front().dir / "summary.json");
  for (size_t a = 0; a < first_run["analyses"].size(); ++a) {
    const nlohmann::json& analysis = first_run["analyses"][a];
    const std::string name = analysis["name"];
    // Files every shard computes in full: the same bytes in each.
    for (const auto& entry : fs::directory_iterator(shards.front().dir / name)) {
      const std::string file = entry.path().filename().string();
      if (file == "summary.csv") continue;
      if (file == "draws.nc") {  // each shard's priors: concatenated along prior below
        std::vector<std::string> parts;
        for (const ShardDir& s : shards) {
          const fs::path part = s.dir / name / file;
          if (!fs::exists(part))
            throw InputError(fmt::format("{}: missing; expected draws.nc in every shard, as in {}", part.string(),
                                         shards.front().dir.string()));
          parts.push_back(part.string());
        }
        draws_to_merge[fs::path(name) / file] = parts;
        continue;
      }
      const std::string text = read_file(entry.path());
      for (const ShardDir& s : shards)
        if (read_file(s.dir / name / file) != text)
          throw InputError(fmt::format("{}: differs from {}'s; expected the same file in every shard of one run",
                                       (s.dir / name / file).string(), shards.front().dir.string()));
      merged[fs::path(name) / file] = text;
    }
    const size_t priors_in_grid = analysis["counts"]["priors_in_grid"];
    if (fs::exists(shards.front().dir / name / "summary.csv"))
      merged[fs::path(name) / "summary.csv"] = merge_summary_csv(shards, name, priors_in_grid);
    // summary.json: the priors of every shard, in shard order.
    nlohmann::json priors = nlohmann::json::array();
    for (const ShardDir& s : shards) {
      const nlohmann::json part = read_json(s.dir / "summary.json");
      if (part["analyses"].size() != summary["analyses"].size())
        throw InputError(fmt::format("{}: other analyses than the first shard's", (s.dir / "summary.json").string()));
      for (const auto& p : part["analyses"][a]["priors"]) priors.push_back(p);
    }
    summary["analyses"][a]["priors"] = priors;
  }
  merged["summary.json"] = summary.dump(2) + "\n";

  // run.json: the run's fields, shard 1/1, the shards' counts and times added up.
  nlohmann::json run = first_run;
  run["shard"] = "1/1";
  run["merged_from"] = nlohmann::json::array();
  double total_seconds = 0.0;
  for (size_t a = 0; a < run["analyses"].size(); ++a) {
    nlohmann::json& r = run["analyses"][a];
    r["counts"]["priors_run"] = 0;
    r["counts"]["chain_steps"] = 0.0;
    r["warnings"] = nlohmann::json::array();
    for (const char* stage : {"prepare", "sample", "summarize"}) r["timings_s"][stage] = 0.0;
  }
  for (const ShardDir& s : shards) {
    run["merged_from"].push_back({{"folder", s.dir.string()}, {"shard", s.run["shard"]}, {"device", s.run.value("device", "")}});
    total_seconds += s.run["timings_s"].value("total", 0.0);
    for (size_t a = 0; a < run["analyses"].size(); ++a) {
      nlohmann::json& r = run["analyses"][a];
      const nlohmann::json& part = s.run["analyses"][a];
      r["counts"]["priors_run"] = r["counts"]["priors_run"].get<size_t>() + part["counts"]["priors_run"].get<size_t>();
      r["counts"]["chain_steps"] = r["counts"]["chain_steps"].get<double>() + part["counts"]["chain_steps"].get<double>();
      for (const char* stage : {"prepare", "sample", "summarize"})
        r["timings_s"][stage] = r["timings_s"][stage].get<double>() + part["timings_s"][stage].get<double>();
      for (const auto& w : part["warnings"]) r["warnings"].push_back(w);
    }
  }
  for (auto& r : run["analyses"]) {
    const double sample = r["timings_s"]["sample"];
    r["chain_steps_per_s"] = sample > 0 ? r["counts"]["chain_steps"].get<double>() / sample : 0.0;
  }
  run["timings_s"] = {{"total", total_seconds}};
  merged["run.json"] = run.dump(2) + "\n";

  if (!draws_to_merge.empty() && !netcdf_available(&why_not))
    throw InputError(fmt::format("merge: the shards hold draws.nc, but {}", why_not));

  // Everything checked: now write.
  for (const auto& [relative, parts] : draws_to_merge) {
    const fs::path path = fs::path(out_dir) / relative;
    fs::create_directories(path.parent_path());
    merge_draws_netcdf(parts, path.string());
  }
  for (const auto& [relative, text] : merged) {
    const fs::path path = fs::path(out_dir) / relative;
    fs::create_directories(path.parent_path());
    write_file_atomically(path.string(), text);
  }
  fmt::print(stderr, "priorsweep: merged {} shards into {}\n", shards.size(), out_dir);
}

}  // namespace ps
