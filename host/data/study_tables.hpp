// The per-study 2x2 tables of a meta-analysis (model = "meta_binary") from a
// CSV with one row per study: a study name and events and totals per arm.
// Every cell is checked with file:line:column errors: counts must be whole
// numbers >= 0, events no larger than their total, every arm with patients,
// study names non-empty and unique. Missing cells follow [data] missing.
#pragma once

#include <vector>

#include "host/config/config.hpp"
#include "host/data/csv.hpp"
#include "host/meta/study_table.hpp"

namespace ps {

struct ExtractedStudies {
  std::vector<StudyTable> studies;  // in file order
  std::vector<int> dropped_lines;
};

ExtractedStudies extract_study_tables(const CsvTable& table, const AnalysisConfig::MetaColumns& columns,
                                      MissingPolicy missing);

}  // namespace ps
