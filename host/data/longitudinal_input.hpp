// Repeated ordinal scores per patient (e.g. the WHO scale on days 2 .. 14)
// from a CSV table, in either layout:
//   wide: one row per patient, one column per day (`outcomes`, in time order);
//   long: one row per patient and day (`outcome`, `id`, optional `day`).
// The result is one entry per observation -- the single-day OrdinalInput with
// the day as its last factor -- and the patient each observation belongs to.
//
// Death is absorbing when the analysis names its level (`absorbing`, e.g. 10
// on the WHO scale) and the scores have a time order. With after_death = carry_forward (the default) every
// day after a patient's first score at the absorbing level is that level:
// missing days are filled in, and an observed score below it is an error (the
// data contradict themselves). With after_death = drop, only the first
// absorbing score is kept and later days are dropped, so the death counts
// once. Either way a patient who died keeps informing the random intercept
// with the worst score, not with silence.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/data/csv.hpp"
#include "host/data/trial_input.hpp"

namespace ps {

enum class AfterDeath { carry_forward, drop };

struct LongitudinalColumns {
  // wide layout
  std::vector<std::string> outcomes;    // one score column per day, in time order
  std::vector<std::string> day_labels;  // one per outcome column (default: the column names)
  // long layout
  std::string outcome;  // the score column
  std::string id;       // the patient column
  std::string day;      // the day column (numbers); empty: no day effects
  // both
  std::vector<long long> levels;        // declared, increasing
  std::string treatment;
  std::vector<std::string> covariates;  // numeric, read per row
  std::vector<std::string> factors;
  std::optional<long long> absorbing;   // the death level; none: no level is absorbing
  AfterDeath after_death = AfterDeath::carry_forward;

  bool wide() const { return !outcomes.empty(); }
};

struct ExtractedLongitudinal {
  OrdinalInput observations;             // per observation; the day is the last factor (if any)
  std::string day_name;                  // that factor's name ("day" or the long layout's day column)
  std::vector<int> first_observation;    // [patients + 1], observations grouped by patient
  std::vector<std::string> patient_ids;  // the id (long) or "line N" (wide)
  int filled_after_death = 0;            // days filled with the absorbing level
  int dropped_after_death = 0;           // observed days dropped after death (after_death = drop)
  std::vector<int> dropped_lines;        // file lines dropped for missing values
};

// Every problem is an InputError naming file, line and column: a score not a
// whole number or outside the declared levels, a patient with no scores (wide;
// dropped instead under MissingPolicy::drop), the same patient and day twice
// (long), a score below the absorbing level after death (carry_forward), a
// day that is not a number (long), and the checks of extract_ordinal_input.
ExtractedLongitudinal extract_longitudinal_input(const CsvTable& table, const LongitudinalColumns& columns,
                                                 MissingPolicy missing);

}  // namespace ps
