// The empirical log-normal priors for the between-study variance tau^2 of a
// meta-analysis of log odds ratios, by outcome type and type of comparison,
// from 14,886 meta-analyses of the Cochrane Database of Systematic Reviews:
//
//   Turner RM, Jackson D, Wei Y, Thompson SG, Higgins JPT. Predictive
//   distributions for between-study heterogeneity and simple methods for
//   their application in Bayesian meta-analysis. Stat Med 2015;34(6):984-998,
//   Table IV (and p. 993 for the marginal distribution, "any" outcome).
//
// tau^2 ~ LogNormal(meanlog, sdlog^2). The numbers were checked against the
// same table as tabulated in Roever's R package bayesmeta (TurnerEtAlPrior).
#pragma once

#include <string>
#include <vector>

namespace ps {

struct TurnerPrior {
  double meanlog = 0.0;  // of tau^2
  double sdlog = 1.0;
};

// The outcome types, as written in a config (`any` is the marginal prior).
const std::vector<std::string>& turner_outcome_types();
// The comparison types (unused for `any`).
const std::vector<std::string>& turner_comparison_types();

// Throws std::invalid_argument for a name not in the lists above.
TurnerPrior turner_prior(const std::string& outcome, const std::string& comparison);

}  // namespace ps
