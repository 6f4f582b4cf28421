// Result files are written to a temporary name in the same folder and renamed
// into place, so a crash or a kill never leaves a truncated result file.
#pragma once

#include <string>

namespace ps {

void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace ps
