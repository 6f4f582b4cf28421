// Host-side fitting of the cumulative-link model (models/ordinal.hpp): the
// analytic gradient of the log-likelihood in the (beta, cutpoint)
// parameterisation R's ordinal::clm reports, and the maximum-likelihood fit
// that is the frequentist companion of the Bayesian sweep.
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <string>
#include <vector>

#include "host/fit/cox_fit.hpp"  // NewtonOptions
#include "host/fit/newton.hpp"   // gradient_difference_hessian
#include "models/ordinal.hpp"

namespace ps {

// Log-likelihood and its gradient at phi = [beta (n_coefficients), c_1 ..
// c_{K-1}] (cutpoints themselves, not the unconstrained u). Cutpoints out of
// order give -inf.
struct OrdinalGradient {
  double loglik = 0.0;
  Eigen::VectorXd gradient;
};
OrdinalGradient ordinal_gradient(const OrdinalView& view, const Eigen::VectorXd& phi);

// Hessian by central differences of the analytic gradient (symmetrised):
// accurate to ~1e-9 relative, ample for standard errors and Newton steps.
Eigen::MatrixXd ordinal_hessian(const OrdinalView& view, const Eigen::VectorXd& phi);

// ---- shared with the longitudinal fit (host/fit/ordinal_longitudinal_fit.hpp) ----

// g[0 .. n_coefficients) += w * d eta_i / d beta: the predictor columns of
// row i in the layout of linear_predictor() (OrdinalView, PredictorColumns).
template <class Columns>
void add_linear_predictor_gradient(const Columns& x, int i, double w, double* g) {
  g[0] += w * x.treatment[i];
  for (int j = 0; j < x.n_numeric; ++j) g[1 + j] += w * x.numeric[j * x.n + i];
  for (int f = 0; f < x.n_factors; ++f) {
    const int k = x.factor_param[f * x.n + i];
    if (k >= 0) g[k] += w;
  }
}

// Declared categories that no observation reached, collapsed for an MLE (the
// MLE of a cutpoint bounding an empty category does not exist). observed[j]
// is the declared index of the j-th observed category, count[j] its number of
// observations, category[i] observation i renumbered 0 .. observed.size()-1.
// Appends a warning when categories are collapsed or fewer than two remain.
struct ObservedCategories {
  std::vector<int> observed;
  std::vector<int> count;
  std::vector<int> category;
};
ObservedCategories collapse_empty_categories(const int* category, int n, int n_categories,
                                             std::vector<std::string>& warnings);

struct OrdinalFit {
  Eigen::VectorXd coef;        // beta [n_coefficients]
  Eigen::VectorXd cutpoints;   // [K_observed - 1]
  Eigen::VectorXd coef_se;
  Eigen::VectorXd cutpoint_se;
  Eigen::MatrixXd covariance;  // of [beta, cutpoints]
  double loglik = 0.0;
  int iterations = 0;
  bool converged = false;
  // Declared categories with no patient are collapsed: the MLE of a cutpoint
  // bounding an empty category does not exist. observed[j] is the declared
  // category index of the j-th observed category; cutpoint j separates
  // observed[j] from observed[j + 1].
  std::vector<int> observed;
  std::vector<std::string> warnings;
};

// Maximum-likelihood fit by Newton-Raphson from the empirical cumulative
// proportions, on the observed categories only.
OrdinalFit fit_ordinal_mle(const OrdinalView& view, const NewtonOptions& options = {});

// The fit's cutpoints for uncentred covariates, as R's clm reports them: with
// eta = x . beta on covariates centred at `numeric_center` (coefficients
// 1 .. n_numeric), c_k + sum_j beta_j center_j; SEs by the delta method.
struct Cutpoints {
  Eigen::VectorXd estimate;
  Eigen::VectorXd se;
};
Cutpoints uncentred_cutpoints(const OrdinalFit& fit, const std::vector<double>& numeric_center);

}  // namespace ps
