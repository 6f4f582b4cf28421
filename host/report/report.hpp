// `priorsweep report DIR`: DIR/report.html, one self-contained page (figures
// as SVG images inside it, no network, no script library) from a results
// folder -- a run's or a merge's (summary.json, run.json and the analyses'
// files). Per analysis:
//   - how the conclusion moves across the prior grid: P(effect < no effect)
//     as a heat map over the grid's two varying prior parameters (prior mean
//     x prior SD for a normal grid), each cell with its decision, or as a
//     curve when one parameter varies;
//   - the posterior median and widest credible interval against the prior's
//     spread (SD or scale), one series per prior location;
//   - prior and posterior densities of the treatment effect for up to four
//     priors of the grid, on the model scale (log HR, log OR): the posterior
//     from draws.nc where the run saved draws (a histogram), else a normal
//     approximation from the median and the interval (said so under it);
//   - Kaplan-Meier curves per arm (km.csv), forest and funnel plots
//     (forest.svg, funnel.svg);
//   - the frequentist companion and the convergence diagnostics (R-hat, bulk
//     and tail ESS), flagged priors highlighted.
// The page checks that each of its images loaded and records it in the
// body's data-images-loaded attribute ("12/12"), which the test reads back.
#pragma once

#include <string>

namespace ps {

// Writes `out_file` (default DIR/report.html). Throws InputError when DIR is
// not a results folder.
void report_command(const std::string& results_dir, const std::string& out_file = "");

}  // namespace ps
