// The forest and funnel plots of a meta-analysis as standalone SVG files
// (opened by any browser), written next to studies.csv.
//
// Forest: one row per study (square of area proportional to its
// random-effects weight, 95% CI line; double-zero studies listed without a
// marker), then the fixed (Mantel-Haenszel) and random-effects diamonds and
// the prediction interval; odds ratios on a log axis with a line at OR = 1.
// Funnel: each study's log OR against its standard error (0 at the top), the
// fixed-effect estimate and its pseudo 95% confidence limits (estimate +-
// 1.96 se), the usual visual check of small-study asymmetry.
#pragma once

#include <string>
#include <vector>

namespace ps {

struct ForestStudy {
  std::string name;
  double odds_ratio = 1.0, lower = 1.0, upper = 1.0;  // NaN for a study left out of the pooling
  double weight_percent = 0.0;
};

struct ForestSummary {
  std::string label;  // e.g. "Fixed effect (Mantel-Haenszel)"
  double odds_ratio = 1.0, lower = 1.0, upper = 1.0;
};

struct ForestPlot {
  std::string title;
  std::vector<ForestStudy> studies;
  std::vector<ForestSummary> summaries;  // drawn as diamonds
  double prediction_lower = 0.0, prediction_upper = 0.0;  // NaN: none
};

std::string forest_svg(const ForestPlot& plot);

struct FunnelPlot {
  std::string title;
  std::vector<double> log_odds_ratio, se;  // the pooled studies
  double pooled_log_odds_ratio = 0.0;      // the fixed-effect estimate
};

std::string funnel_svg(const FunnelPlot& plot);

// The horizontal position of an odds ratio on a forest plot's log axis from
// [lo, hi] onto [left, right] pixels (exposed for tests).
double forest_x(double odds_ratio, double lo, double hi, double left, double right);

// Text safe inside SVG (&, <, >, quotes escaped).
std::string svg_escape(const std::string& text);

}  // namespace ps
