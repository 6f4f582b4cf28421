#include "host/data/longitudinal_input.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "host/data/column_checks.hpp"
#include "host/data/input_location.hpp"
#include "host/data/missing_cell.hpp"
#include "host/errors.hpp"

namespace ps {
namespace {

using namespace input;

struct Observation {
  std::size_t row_position;  // index into the usable rows: where the predictors come from
  int category;
  int day;                   // index into the day levels, -1 without days
  const UsedColumn* column;  // the score's column, for messages
  std::size_t row;           // the score's table row, for messages
};

struct Patient {
  std::string id;
  std::vector<Observation> observations;
};

// The predictor columns in the order finish_predictors expects: treatment,
// covariates, factors.
std::vector<UsedColumn> predictor_columns(const LongitudinalColumns& columns) {
  std::vector<UsedColumn> used = {{Role::treatment, columns.treatment}};
  for (const auto& name : columns.covariates) used.push_back({Role::covariate, name});
  for (const auto& name : columns.factors) used.push_back({Role::factor, name});
  return used;
}

// Death is absorbing (see the header): carry it forward over every later day
// or drop what follows it. `n_days` days exist; observations are in day order.
void apply_absorbing(Patient& patient, int absorbing, int n_days, AfterDeath rule, const CsvTable& table,
                     ExtractedLongitudinal& out) {
  auto& obs = patient.observations;
  if (absorbing < 0 || n_days == 0) return;  // no death level, or no time order to be absorbing in
  const auto death = std::find_if(obs.begin(), obs.end(), [&](const Observation& o) { return o.category == absorbing; });
  if (death == obs.end()) return;
  if (rule == AfterDeath::drop) {
    out.dropped_after_death += static_cast<int>(obs.end() - death - 1);
    obs.erase(death + 1, obs.end());
    return;
  }
  for (auto later = death + 1; later != obs.end(); ++later) {
    if (later->category == absorbing) continue;
    throw InputError(cell_where(table, later->row, *later->column) + ": found " +
                     quoted_cell(table.rows[later->row][later->column->index]) + " after the absorbing level (death) on line " +
                     std::to_string(table.line_of_row[death->row]) +
                     "; expected the absorbing level again or an empty cell (days after death are scored as death; "
                     "set after_death = \"drop\" to keep only the first)");
  }
  const Observation first = *death;
  std::vector<bool> present(n_days, false);
  for (const auto& o : obs) present[o.day] = true;
  for (int d = first.day + 1; d < n_days; ++d) {
    if (present[d]) continue;
    Observation filled = first;
    filled.day = d;
    obs.push_back(filled);
    out.filled_after_death++;
  }
  std::stable_sort(obs.begin(), obs.end(), [](const Observation& a, const Observation& b) { return a.day < b.day; });
}

std::string names_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
  return list;
}

}  // namespace

ExtractedLongitudinal extract_longitudinal_input(const CsvTable& table, const LongitudinalColumns& columns,
                                                 MissingPolicy missing) {
  ExtractedLongitudinal out;
  const bool wide = columns.wide();
  std::vector<UsedColumn> predictors = predictor_columns(columns);
  std::vector<UsedColumn> scores;  // wide: one per day; long: the single score column
  std::vector<UsedColumn> keys;    // long: id and (optional) day
  if (wide) {
    for (const auto& name : columns.outcomes) scores.push_back({Role::outcome, name});
  } else {
    scores.push_back({Role::outcome, columns.outcome});
    keys.push_back({Role::id, columns.id});
    if (!columns.day.empty()) keys.push_back({Role::day, columns.day});
  }
  std::vector<UsedColumn> all = predictors;
  all.insert(all.end(), scores.begin(), scores.end());
  all.insert(all.end(), keys.begin(), keys.end());
  check_each_column_has_one_role(table.path, all);
  locate_columns(table, all);
  std::copy(all.begin(), all.begin() + predictors.size(), predictors.begin());
  std::copy(all.begin() + predictors.size(), all.begin() + predictors.size() + scores.size(), scores.begin());
  std::copy(all.end() - keys.size(), all.end(), keys.begin());
  if (table.rows.empty()) {
    throw InputError(at_line(table.path, table.header_line) +
                     ": found no data rows below the header; expected at least one patient");
  }
  // Wide: a missing score is a day without an assessment, not an incomplete
  // row; only the predictors must be complete. Long: every cell is needed.
  std::vector<UsedColumn> required = predictors;
  if (!wide) required.insert(required.end(), all.begin() + predictors.size(), all.end());
  const std::vector<std::size_t> rows = complete_rows(table, required, missing, out.dropped_lines);
  if (rows.empty()) {
    throw InputError(table.path + ": found no complete rows (all " + std::to_string(table.rows.size()) +
                     " rows have a missing value in a used column); expected at least one complete row");
  }
  const std::size_t n_dropped = out.dropped_lines.size();

  // Predictors per usable row.
  OrdinalInput per_row;
  per_row.levels = columns.levels;
  per_row.numeric_names = columns.covariates;
  per_row.factor_names = columns.factors;
  per_row.numeric.assign(columns.covariates.size(), {});
  for (std::size_t row : rows) {
    per_row.treatment.push_back(indicator_cell(table, row, predictors[0], "0 (control) or 1 (treatment)"));
    for (std::size_t c = 0; c < columns.covariates.size(); ++c)
      per_row.numeric[c].push_back(number_cell(table, row, predictors[1 + c], "a finite number"));
  }
  finish_predictors(table, rows, predictors, 1, n_dropped, per_row);

  // Scores, grouped by patient, in day order.
  int absorbing = -1;
  if (columns.absorbing) {
    absorbing = static_cast<int>(std::find(columns.levels.begin(), columns.levels.end(), *columns.absorbing) -
                                 columns.levels.begin());
    if (absorbing == static_cast<int>(columns.levels.size()))
      throw std::invalid_argument("extract_longitudinal_input: the absorbing level is not a declared level");
  }
  std::vector<Patient> patients;
  std::vector<std::string> day_levels;
  if (wide) {
    day_levels = columns.day_labels.empty() ? columns.outcomes : columns.day_labels;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      Patient p;
      p.id = "line " + std::to_string(table.line_of_row[rows[r]]);
      for (std::size_t d = 0; d < scores.size(); ++d) {
        if (is_missing_cell(table.rows[rows[r]][scores[d].index])) continue;
        p.observations.push_back({r, category_cell(table, rows[r], scores[d], columns.levels), static_cast<int>(d),
                                  &scores[d], rows[r]});
      }
      if (p.observations.empty()) {
        if (missing == MissingPolicy::drop) {
          out.dropped_lines.push_back(table.line_of_row[rows[r]]);
          continue;
        }
        throw InputError(at_line(table.path, table.line_of_row[rows[r]]) + ": found no score in the outcome columns " +
                         names_list(columns.outcomes) +
                         "; expected at least one score per patient (set [data] missing = \"drop\" to drop patients "
                         "without scores)");
      }
      patients.push_back(std::move(p));
    }
  } else {
    const bool has_day = keys.size() == 2;
    std::map<double, std::string> day_label_of;  // the first spelling of each day
    std::vector<double> day_value(rows.size(), 0.0);
    if (has_day) {
      for (std::size_t r = 0; r < rows.size(); ++r) {
        day_value[r] = number_cell(table, rows[r], keys[1], "a day number");
        day_label_of.emplace(day_value[r], table.rows[rows[r]][keys[1].index]);
      }
    }
    std::map<double, int> day_index;
    for (const auto& [value, label] : day_label_of) {
      day_index.emplace(value, static_cast<int>(day_levels.size()));
      day_levels.push_back(label);
    }
    std::unordered_map<std::string, std::size_t> patient_of;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string& id = table.rows[rows[r]][keys[0].index];
      const auto [it, is_new] = patient_of.emplace(id, patients.size());
      if (is_new) patients.push_back(Patient{id, {}});
      const int day = has_day ? day_index.at(day_value[r]) : -1;
      patients[it->second].observations.push_back(
          {r, category_cell(table, rows[r], scores[0], columns.levels), day, &scores[0], rows[r]});
    }
    if (has_day) {
      for (auto& p : patients) {
        auto& obs = p.observations;
        std::stable_sort(obs.begin(), obs.end(), [](const Observation& a, const Observation& b) { return a.day < b.day; });
        for (std::size_t k = 1; k < obs.size(); ++k) {
          if (obs[k].day != obs[k - 1].day) continue;
          const Observation& later = obs[k].row > obs[k - 1].row ? obs[k] : obs[k - 1];
          const Observation& earlier = obs[k].row > obs[k - 1].row ? obs[k - 1] : obs[k];
          throw InputError(cell_where(table, later.row, keys[1]) + ": found patient " + quoted_cell(p.id) + " on day " +
                           quoted_cell(table.rows[later.row][keys[1].index]) + " again (also on line " +
                           std::to_string(table.line_of_row[earlier.row]) +
                           "); expected one score per patient and day");
        }
      }
    }
  }
  const int n_days = static_cast<int>(day_levels.size());
  for (auto& p : patients) apply_absorbing(p, absorbing, n_days, columns.after_death, table, out);

  // One entry per observation.
  OrdinalInput& obs = out.observations;
  obs.levels = columns.levels;
  obs.numeric_names = per_row.numeric_names;
  obs.factor_names = per_row.factor_names;
  obs.factor_levels = per_row.factor_levels;
  obs.numeric.assign(per_row.numeric.size(), {});
  obs.factor_codes.assign(per_row.factor_codes.size(), {});
  const bool day_factor = n_days >= 2;
  std::vector<int> day_codes;
  out.first_observation.push_back(0);
  for (const auto& p : patients) {
    for (const auto& o : p.observations) {
      obs.category.push_back(o.category);
      obs.treatment.push_back(per_row.treatment[o.row_position]);
      for (std::size_t c = 0; c < obs.numeric.size(); ++c) obs.numeric[c].push_back(per_row.numeric[c][o.row_position]);
      for (std::size_t f = 0; f < obs.factor_codes.size(); ++f)
        obs.factor_codes[f].push_back(per_row.factor_codes[f][o.row_position]);
      day_codes.push_back(o.day);
    }
    out.first_observation.push_back(static_cast<int>(obs.category.size()));
    out.patient_ids.push_back(p.id);
  }
  if (day_factor) {
    out.day_name = wide ? "day" : columns.day;
    obs.factor_names.push_back(out.day_name);
    obs.factor_levels.push_back(day_levels);
    obs.factor_codes.push_back(std::move(day_codes));
  }

  // Whole-table checks on what the model will see.
  check_both_arms(table.path, predictors[0], obs.treatment, n_dropped);
  bool two_categories = false;
  for (int y : obs.category) two_categories |= y != obs.category.front();
  if (!two_categories) {
    throw InputError(table.path + ": every score is " + std::to_string(columns.levels[obs.category.front()]) +
                     " (" + std::to_string(obs.category.size()) +
                     " observations); expected at least two different levels");
  }
  return out;
}

}  // namespace ps
