// Signs that a maximum-likelihood estimate is infinite: monotone likelihood,
// called separation in logistic regression (Albert & Anderson, Biometrika
// 1984;71:1-10), where some combination of predictors splits events from
// non-events and the likelihood keeps rising as a coefficient runs to
// infinity. The fitted "estimate" is then wherever Newton stopped and its
// Wald interval means nothing; the Bayesian sweep is still proper (its priors
// are), but leans on the prior in that direction.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace ps {

// Any model: a coefficient whose estimate runs away while its information
// vanishes (|b| > 10 and SE > 5 |b|), the numerical signature of divergence.
std::vector<std::string> divergent_coefficient_warnings(const Eigen::VectorXd& coef, const Eigen::VectorXd& se,
                                                        const std::vector<std::string>& term_names);

// A binary outcome (0/1 per patient), exact checks that need no fit: an arm
// in which every patient has the same outcome (a zero cell of the treatment
// by outcome table: the treatment's MLE is infinite), and a factor level in
// which every patient has the same outcome (quasi-complete separation: that
// level's coefficient is infinite whatever the rest of the model).
// factor_param[f * n + i] is patient i's coefficient index for factor f (-1:
// the reference level), as models/linear_predictor.hpp reads it.
std::vector<std::string> binary_separation_warnings(const std::vector<int>& outcome, const std::vector<double>& treatment,
                                                    const std::vector<int>& factor_param, int n_factors,
                                                    const std::vector<std::string>& term_names);

}  // namespace ps
