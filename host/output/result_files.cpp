#include "host/output/result_files.hpp"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <sstream>
#include <utility>

#include "host/config/config.hpp"

namespace ps {

namespace {

std::string num(double x) { return std::isfinite(x) ? format_number(x) : "NA"; }

nlohmann::json json_num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

struct FrequentistRow {
  std::string term;
  double estimate, se, z, p, ratio, lower, upper;
};

std::vector<FrequentistRow> frequentist_rows(const AnalysisResult& r) {
  const boost::math::normal standard;
  const double z975 = boost::math::quantile(standard, 0.975);
  const auto given_or = [](double given, double wald) { return std::isnan(given) ? wald : given; };
  std::vector<FrequentistRow> rows;
  for (const FrequentistTerm& t : r.fit.terms) {
    const double b = t.estimate;
    const double se = t.se;
    const double z = t.z_test ? b / se : NAN;
    const double wald_p = std::isfinite(z) ? 2.0 * boost::math::cdf(boost::math::complement(standard, std::abs(z))) : NAN;
    const double p = given_or(t.p, wald_p);
    switch (t.kind) {
      case TermKind::log_ratio:
        rows.push_back({t.term, b, se, z, p, std::exp(b), given_or(t.lower, std::exp(b - z975 * se)),
                        given_or(t.upper, std::exp(b + z975 * se))});
        break;
      case TermKind::level:
        rows.push_back({t.term, b, se, z, p, NAN, given_or(t.lower, b - z975 * se), given_or(t.upper, b + z975 * se)});
        break;
      case TermKind::plain:  // a cutpoint: its z-test and ratio have no meaning
        rows.push_back({t.term, b, se, NAN, NAN, NAN, NAN, NAN});
        break;
    }
  }
  return rows;
}

}  // namespace

std::string summary_csv(const AnalysisResult& r, const std::vector<double>& levels) {
  std::ostringstream out;
  const bool labels = r.grid.has_labels();
  out << "prior_id,prior_family";
  if (labels) out << ",prior_label";
  for (const auto& p : r.grid.param_names) out << ",prior_" << p;
  out << ",term,scale,median,mean,sd";
  for (const auto& label : interval_bound_labels(levels)) out << "," << label;
  for (const auto& t : r.config->threshold_labels) out << ",p_below_" << t;
  out << ",rhat,ess_bulk,ess_tail,accept_rate,decision\n";
  for (const auto& pr : r.priors) {
    const GridPoint& g = r.grid.points[pr.prior_id];
    for (size_t k = 0; k < pr.terms.size(); ++k) {
      const TermSummary& s = pr.terms[k];
      out << pr.prior_id << "," << g.family;
      if (labels) out << "," << g.label;
      for (double v : g.param_values) out << "," << (std::isnan(v) ? "" : num(v));
      out << "," << r.term_names[k] << "," << r.scale_of(k) << "," << num(s.median) << "," << num(s.mean) << ","
          << num(s.sd);
      for (double q : s.interval_bounds) out << "," << num(q);
      for (double p : s.p_below) out << "," << num(p);
      out << "," << num(s.rhat) << "," << num(s.ess_bulk) << "," << num(s.ess_tail) << "," << num(pr.accept_rate)
          << "," << (k == 0 ? pr.decision : "") << "\n";
    }
  }
  return out.str();
}

std::string frequentist_csv(const AnalysisResult& r) {
  std::ostringstream out;
  out << "term,estimate,se,z,p,ratio,lower95,upper95,loglik\n";
  for (const auto& row : frequentist_rows(r)) {
    out << row.term << "," << num(row.estimate) << "," << num(row.se) << "," << num(row.z) << "," << num(row.p)
        << "," << num(row.ratio) << "," << num(row.lower) << "," << num(row.upper) << "," << num(r.fit.loglik)
        << "\n";
  }
  return out.str();
}

nlohmann::json analysis_json(const AnalysisResult& r, const std::vector<double>& levels) {
  const auto labels = interval_bound_labels(levels);
  nlohmann::json priors = nlohmann::json::array();
  for (const auto& pr : r.priors) {
    const GridPoint& g = r.grid.points[pr.prior_id];
    nlohmann::json params = nlohmann::json::object();
    for (size_t j = 0; j < g.param_values.size(); ++j)
      if (!std::isnan(g.param_values[j])) params[r.grid.param_names[j]] = g.param_values[j];
    nlohmann::json terms = nlohmann::json::array();
    for (size_t k = 0; k < pr.terms.size(); ++k) {
      const TermSummary& s = pr.terms[k];
      nlohmann::json t{{"term", r.term_names[k]}, {"scale", r.scale_of(k)}, {"median", json_num(s.median)},
                       {"mean", json_num(s.mean)}, {"sd", json_num(s.sd)}};
      for (size_t q = 0; q < labels.size(); ++q) t[labels[q]] = json_num(s.interval_bounds[q]);
      for (size_t q = 0; q < s.p_below.size(); ++q) t["p_below_" + r.config->threshold_labels[q]] = json_num(s.p_below[q]);
      t["rhat"] = json_num(s.rhat);
      t["ess_bulk"] = json_num(s.ess_bulk);
      t["ess_tail"] = json_num(s.ess_tail);
      if (k == 0) t["decision"] = pr.decision;
      terms.push_back(std::move(t));
    }
    // Moved, not copied, into their parents: a grid of a million priors
    // otherwise spends most of the run's host time copying JSON trees.
    nlohmann::json prior{{"prior_id", pr.prior_id}, {"family", g.family}, {"params", std::move(params)},
                         {"accept_rate", json_num(pr.accept_rate)}, {"terms", std::move(terms)}};
    if (!g.label.empty()) prior["label"] = g.label;
    priors.push_back(std::move(prior));
  }
  nlohmann::json freq = nlohmann::json::array();
  for (const auto& row : frequentist_rows(r)) {
    freq.push_back({{"term", row.term}, {"estimate", json_num(row.estimate)}, {"se", json_num(row.se)},
                    {"z", json_num(row.z)}, {"p", json_num(row.p)}, {"ratio", json_num(row.ratio)},
                    {"lower95", json_num(row.lower)}, {"upper95", json_num(row.upper)}});
  }
  return {{"name", r.config->name},
          {"model", r.config->model},
          {"frequentist", {{"terms", std::move(freq)}, {"loglik", json_num(r.fit.loglik)}, {"loglik_null", json_num(r.fit.loglik_null)},
                           {"converged", r.fit.converged}, {"warnings", r.fit.warnings}}},
          {"priors", std::move(priors)}};
}

}  // namespace ps
