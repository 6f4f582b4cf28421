// A whole file read into memory, for the commands that read result folders
// and checkpoints back (merge, report, --resume).
#pragma once

#include <string>

namespace ps {

// Throws InputError "path: cannot open (reason); expected ..." naming what the
// caller needed the file for (`expected`, e.g. "a file of a finished shard").
std::string read_text_file(const std::string& path, const std::string& expected = "a readable file");

}  // namespace ps
