// `priorsweep merge DIR... --out DIR`: the result folders of the shards of
// one sweep (`run --shard K/N`, e.g. the tasks of a Slurm array) combined
// into the folder one unsharded run with the same seed writes. A prior's
// result depends only on its global index, so the merged summary.csv and
// summary.json are the shards' rows in prior order, byte for byte those of
// the single run; frequentist.csv and the other per-analysis files are the
// same in every shard and are copied. run.json adds up the shards' counts and
// timings and lists them under `merged_from`.
//
// Refused (exit 2, nothing written): a folder that is not a finished shard
// (no run.json, or a checkpoint left by an interrupted run), shards of
// different runs (version, config, input data, seed, backend), two folders
// with the same shard, shards missing, and rows that do not cover the grid.
#pragma once

#include <string>
#include <vector>

namespace ps {

void merge_command(const std::vector<std::string>& shard_dirs, const std::string& out_dir);

}  // namespace ps
